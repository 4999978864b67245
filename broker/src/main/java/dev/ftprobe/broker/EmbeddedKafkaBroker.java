package dev.ftprobe.broker;

import dev.ftprobe.events.topics.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, broker and controller in one) inside this JVM, for tests, benchmarks, {@code ftprobe
 * broker} and {@code ftprobe run}.
 *
 * <p>Its data directory is formatted on first start, as {@code kafka-storage format} would, and reused after: restarted
 * on the same directory it keeps its topics and records. Without a directory it uses a temporary one, deleted on
 * {@link #close()}. Ports are free ones unless given; the ports of a data directory are remembered in it and reused on
 * restart when still free, so that the bootstrap address stays the same. Topic auto-creation is off: clients create
 * topics from the registry.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().optDataDir(dir).build().start()) {
 *     String bootstrap = broker.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String PORTS_FILE = "ftprobe-broker.properties";
    private static final String LOG_DIR = "kafka";
    private static final long LOW_DISK_BYTES = 1L << 30;
    /** The broker's transaction.max.timeout.ms in minutes: 24 h, where Kafka's default is 15 min. */
    public static final int MAX_TRANSACTION_TIMEOUT_MINUTES = 24 * 60;
    /** Less than this left where a log write failed: the disk is full. */
    private static final long FULL_DISK_BYTES = 1L << 20;
    /** The log directories of the brokers started in this JVM, named when Kafka halts it. */
    private static final Set<Path> LOG_DIRS = new ConcurrentSkipListSet<>();

    private static final String CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";
    /**
     * After an unclean shutdown, how often and how long {@link HangingTransactions} looks for transactions the restart
     * left hanging: the coordinator finishes the ones a kill interrupted within seconds of the start.
     */
    private static final Duration HANGING_CHECK_EVERY = Duration.ofSeconds(2);

    private static final Duration HANGING_CHECK_DURING = Duration.ofMinutes(3);

    private final Path dataDir;
    private final boolean temporary;
    private final String host;
    private final Integer configuredPort;
    private final Integer configuredControllerPort;
    private final Map<String, String> overrides;
    private final Duration startTimeout;

    private KafkaRaftServer server;
    private Thread hangingTransactions;
    private int port;
    private int controllerPort;
    private boolean closed;

    private EmbeddedKafkaBroker(Builder b) {
        try {
            this.temporary = b.dataDir == null;
            this.dataDir = temporary ? Files.createTempDirectory("ftprobe-kafka-") : b.dataDir.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.host = b.host;
        this.configuredPort = b.port;
        this.configuredControllerPort = b.controllerPort;
        this.overrides = Map.copyOf(b.overrides);
        this.startTimeout = b.startTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of an embedded broker; every one optional. */
    public static final class Builder {
        private Path dataDir;
        private String host = "127.0.0.1";
        private Integer port;
        private Integer controllerPort;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(90);

        private Builder() {}

        /** Where the broker keeps its data; a temporary directory, deleted on close, when not given. */
        public Builder optDataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** The client port; a free one (or the one this data directory used last) when not given or 0. */
        public Builder optPort(int port) {
            this.port = port == 0 ? null : port;
            return this;
        }

        /** The controller (KRaft quorum) port; free when not given or 0. */
        public Builder optControllerPort(int port) {
            this.controllerPort = port == 0 ? null : port;
            return this;
        }

        /** The address to listen on and advertise; 127.0.0.1 by default. */
        public Builder optHost(String host) {
            this.host = host;
            return this;
        }

        /** Any other broker setting. */
        public Builder optConfig(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public Builder optStartTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }
    }

    /** Formats the data directory if needed, starts the broker and waits until it serves clients. */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        if (closed) {
            throw new IllegalStateException("closed");
        }
        try {
            Path logDir = dataDir.resolve(LOG_DIR);
            Files.createDirectories(logDir);
            choosePorts();
            Map<String, String> props = brokerProps(logDir);
            KafkaConfig config = new KafkaConfig(props, false);
            boolean unclean = false;
            if (!Files.exists(logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
                format(config, logDir);
            } else {
                // Kafka leaves this file on a clean shutdown and removes it at start
                unclean = !Files.exists(logDir.resolve(CLEAN_SHUTDOWN_FILE));
            }
            explainHalts(logDir);
            KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
            s.startup();
            server = s;
            awaitReady();
            LOG.info("embedded Kafka broker at {} (data {})", bootstrapServers(), dataDir);
            if (unclean) {
                LOG.info("the broker was not shut down cleanly last time; watching for transactions left hanging");
                hangingTransactions = HangingTransactions.watch(
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers())),
                        bootstrapServers(),
                        HANGING_CHECK_EVERY,
                        HANGING_CHECK_DURING);
            }
            warnWhenDiskIsLow(logDir);
            return this;
        } catch (IOException e) {
            stopQuietly();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stopQuietly();
            throw e;
        }
    }

    /**
     * Kafka halts the JVM ({@code Runtime.halt}: no shutdown hook runs) when the log directory that also holds its
     * metadata fails, typically because its disk is full: the broker cannot go on, and in {@code ftprobe run} neither
     * can the services that use it. Its last words are one log line naming the directory, not why it failed; first say
     * so in words a user can act on: the directory, the space left there, what to do. Kafka's {@code Exit} is the hook
     * it offers for this; it lives in an internals package, so a Kafka upgrade may move it.
     */
    private static void explainHalts(Path logDir) {
        LOG_DIRS.add(logDir);
        Exit.setHaltProcedure((status, message) -> {
            System.err.println(haltMessage(status, message, LOG_DIRS));
            System.err.flush();
            Runtime.getRuntime().halt(status);
        });
    }

    static String haltMessage(int status, String kafkaMessage, Collection<Path> logDirs) {
        StringBuilder sb = new StringBuilder("ftprobe: the embedded Kafka broker stopped this process (exit ")
                .append(status)
                .append(") after a fatal error")
                .append(
                        kafkaMessage == null || kafkaMessage.isBlank()
                                ? " (logged above)"
                                : ": " + kafkaMessage.strip());
        boolean full = false;
        for (Path dir : logDirs) {
            sb.append("\nftprobe: broker data directory ").append(dir);
            try {
                long free = Files.getFileStore(dir).getUsableSpace();
                sb.append(": ").append(free >> 10).append(" KiB free");
                if (free < FULL_DISK_BYTES) {
                    sb.append(", its disk is full");
                    full = true;
                }
            } catch (IOException e) {
                sb.append(": cannot be read (").append(e.getMessage()).append(')');
            }
        }
        return sb.append(
                        full
                                ? "\nftprobe: free space there and run the same command again; what was committed "
                                        + "before the stop is kept"
                                : "\nftprobe: run the same command again to resume; what was committed before the "
                                        + "stop is kept")
                .toString();
    }

    /**
     * A full disk takes the broker's only log directory offline, after which clients see nothing but timeouts; saying
     * so up front makes that failure explainable.
     */
    private static void warnWhenDiskIsLow(Path logDir) {
        try {
            long free = Files.getFileStore(logDir).getUsableSpace();
            if (free < LOW_DISK_BYTES) {
                LOG.warn(
                        "only {} MiB free under {}: the broker stops accepting records when the disk is full",
                        free >> 20,
                        logDir);
            }
        } catch (IOException e) {
            LOG.debug("could not read the free space under {}: {}", logDir, e.toString());
        }
    }

    private void format(KafkaConfig config, Path logDir) {
        String clusterId = Uuid.randomUuid().toString();
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("formatting " + logDir + " failed: " + e.getMessage(), e);
        }
        LOG.info("formatted {} for cluster {}", logDir, clusterId);
    }

    private Map<String, String> brokerProps(Path logDir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        // an analyzer keeps its transaction open while it analyses a set, which can take hours on a large
        // non-linear one (ftprobe run raises its max set time to half of this)
        p.put(
                "transaction.max.timeout.ms",
                Long.toString(
                        Duration.ofMinutes(MAX_TRANSACTION_TIMEOUT_MINUTES).toMillis()));
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("message.max.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES));
        p.put("replica.fetch.max.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES));
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        // Kafka sizes each new segment's offset and time indexes to this up front (10 MB each by
        // default): with about 30 partitions that is 600 MB on a file system without sparse files,
        // more than a small test machine may have free; 1 MB still indexes 512 MB of log per segment
        p.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.putAll(overrides);
        return p;
    }

    private void choosePorts() throws IOException {
        Properties remembered = new Properties();
        Path portsFile = dataDir.resolve(PORTS_FILE);
        if (Files.exists(portsFile)) {
            try (Reader r = Files.newBufferedReader(portsFile, StandardCharsets.UTF_8)) {
                remembered.load(r);
            }
        }
        port = configuredPort != null ? configuredPort : reuseOrFree(remembered.getProperty("port"), -1);
        controllerPort = configuredControllerPort != null
                ? configuredControllerPort
                : reuseOrFree(remembered.getProperty("controller.port"), port);
        Properties now = new Properties();
        now.setProperty("port", Integer.toString(port));
        now.setProperty("controller.port", Integer.toString(controllerPort));
        try (Writer w = Files.newBufferedWriter(portsFile, StandardCharsets.UTF_8)) {
            now.store(w, "ports of the embedded Kafka broker on this directory, reused on restart when free");
        }
    }

    private int reuseOrFree(String remembered, int avoid) throws IOException {
        if (remembered != null) {
            int p = Integer.parseInt(remembered.trim());
            if (p != avoid && isFree(p)) {
                return p;
            }
        }
        while (true) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
                if (s.getLocalPort() != avoid) {
                    return s.getLocalPort();
                }
            }
        }
    }

    private boolean isFree(int p) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), p));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitReady() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) startTimeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, startTimeout.toMillis())))) {
            long deadline = System.nanoTime() + startTimeout.toNanos();
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get().isEmpty()) {
                        admin.listTopics().names().get();
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("embedded broker not ready within " + startTimeout, e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("embedded broker not ready within " + startTimeout);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded broker", e);
        }
    }

    /** {@code host:port} for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return host + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Stops the broker cleanly (its data stays unless the directory was temporary). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopQuietly();
        LOG_DIRS.remove(dataDir.resolve(LOG_DIR));
        if (temporary) {
            deleteRecursively(dataDir);
        }
    }

    private void stopQuietly() {
        if (hangingTransactions != null) {
            hangingTransactions.interrupt();
            hangingTransactions = null;
        }
        KafkaRaftServer s = server;
        server = null;
        if (s != null) {
            try {
                s.shutdown();
                s.awaitShutdown();
                LOG.info("embedded Kafka broker stopped (data {})", dataDir);
            } catch (RuntimeException e) {
                LOG.warn("stopping the embedded broker failed", e);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
