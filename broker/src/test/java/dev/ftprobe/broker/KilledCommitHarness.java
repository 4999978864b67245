package dev.ftprobe.broker;

import dev.ftprobe.events.kafka.KafkaConfigs;
import dev.ftprobe.events.topics.RunLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Halts an embedded broker and a transactional producer in one JVM right after a commit, as a SIGKILL of {@code ftprobe
 * run} just after the extractor committed does, then starts the broker again and compares what it kept: each
 * transaction writes one record and commits the input offset after it, as the extractor commits chunks and offsets, so
 * the records a read_committed reader sees must equal the committed offset. One line per restart; exits 1 on a
 * mismatch. Kafka 4.4 leaves such a transaction hanging on some of its partitions in about one restart in seven; the
 * repair of {@link HangingTransactions} must end it as its coordinator decided. Run with the broker module's test class
 * path (RELIABILITY.md has the command):
 *
 * <pre>{@code java -cp CP dev.ftprobe.broker.KilledCommitHarness RESTARTS SEED}</pre>
 */
public final class KilledCommitHarness {
    private static final String TOPIC = "records";
    private static final TopicPartition INPUT = new TopicPartition("input", 0);
    private static final String GROUP = "harness";
    /** Long enough for the coordinator to finish what it will and the repair to look twice (every 2 s). */
    private static final long SETTLE_MILLIS = 8_000;

    private KilledCommitHarness() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("produce")) {
            produce(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]));
            return;
        }
        if (args.length >= 1 && args[0].equals("check")) {
            check(Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        int restarts = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        System.exit(loop(restarts, seed) ? 0 : 1);
    }

    private static boolean loop(int restarts, long seed) throws Exception {
        Path dir = Files.createTempDirectory("ftprobe-killed-commits");
        int port = freePort();
        Random rnd = new Random(seed);
        int repaired = 0;
        boolean ok = true;
        for (int k = 0; k < restarts; k++) {
            int commits = 3 + rnd.nextInt(10);
            long delayNanos = rnd.nextInt(4_000_000);
            String produced = child(
                    "produce",
                    dir.toString(),
                    Integer.toString(port),
                    Integer.toString(commits),
                    Long.toString(delayNanos));
            String checked = child("check", dir.toString(), Integer.toString(port));
            String result = checked.lines()
                    .filter(l -> l.startsWith("check:"))
                    .findFirst()
                    .orElse("check: none");
            long ends = checked.lines()
                    .filter(l -> l.contains("which a kill left open there"))
                    .count();
            repaired += ends > 0 ? 1 : 0;
            ok &= result.endsWith(" equal") && produced.contains("committed");
            System.out.printf(
                    Locale.ROOT,
                    "restart %d: halted %.1f ms after commit %d; %s%s%n",
                    k,
                    delayNanos / 1e6,
                    commits,
                    result,
                    ends > 0 ? " (" + ends + " partition(s) repaired)" : "");
        }
        System.out.printf(
                Locale.ROOT,
                "%d restarts, %d with a hanging transaction repaired: %s%n",
                restarts,
                repaired,
                ok ? "nothing lost or duplicated" : "MISMATCH");
        return ok;
    }

    /** Runs this class in a JVM of its own; its output. */
    private static String child(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                KilledCommitHarness.class.getName()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("ftprobe-killed-commits", ".log");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        Files.delete(log);
        return out;
    }

    private static EmbeddedKafkaBroker broker(Path dir, int port) {
        return EmbeddedKafkaBroker.builder()
                .optDataDir(dir)
                .optPort(port)
                .optControllerPort(port + 1)
                .build()
                .start();
    }

    /** Commits transactions of one record and the next input offset; halts {@code delayNanos} after the last. */
    private static void produce(Path dir, int port, int commits, long delayNanos) throws Exception {
        EmbeddedKafkaBroker broker = broker(dir, port);
        try (Admin admin = admin(broker)) {
            if (!admin.listTopics().names().get().contains(TOPIC)) {
                admin.createTopics(
                                List.of(new NewTopic(INPUT.topic(), 1, (short) 1), new NewTopic(TOPIC, 1, (short) 1)))
                        .all()
                        .get();
            }
            long next = committedOffset(admin);
            try (KafkaProducer<String, String> p = new KafkaProducer<>(
                    KafkaConfigs.transactionalProducer(broker.bootstrapServers(), "harness", "harness-txn")
                            .toMap(),
                    new StringSerializer(),
                    new StringSerializer())) {
                p.initTransactions();
                for (int i = 1; i <= commits; i++, next++) {
                    p.beginTransaction();
                    p.send(new ProducerRecord<>(TOPIC, 0, "k", "record " + next));
                    p.sendOffsetsToTransaction(
                            Map.of(INPUT, new OffsetAndMetadata(next + 1)), new ConsumerGroupMetadata(GROUP));
                    p.commitTransaction();
                }
                System.out.println("committed " + commits);
                long t = System.nanoTime();
                while (System.nanoTime() - t < delayNanos) {
                    Thread.onSpinWait();
                }
                Runtime.getRuntime().halt(137); // the broker's markers may still be on their way
            }
        }
    }

    /** Starts the broker again, lets the repair look, and compares the records with the committed offset. */
    private static void check(Path dir, int port) throws Exception {
        try (EmbeddedKafkaBroker broker = broker(dir, port);
                Admin admin = admin(broker)) {
            Thread.sleep(SETTLE_MILLIS);
            long offset = committedOffset(admin);
            List<String> records = new ArrayList<>();
            RunLog.readToEnd(
                    broker.bootstrapServers(),
                    TOPIC,
                    new StringDeserializer(),
                    new StringDeserializer(),
                    Duration.ofSeconds(30),
                    r -> records.add(r.value()));
            System.out.println("check: " + records.size() + " records, offset " + offset
                    + (records.size() == offset ? ": equal" : ": MISMATCH"));
        }
    }

    private static long committedOffset(Admin admin) throws Exception {
        OffsetAndMetadata m = admin.listConsumerGroupOffsets(
                        GROUP, new ListConsumerGroupOffsetsOptions().requireStable(true))
                .partitionsToOffsetAndMetadata()
                .get(60, TimeUnit.SECONDS)
                .get(INPUT);
        return m == null ? 0 : m.offset();
    }

    private static Admin admin(EmbeddedKafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
