package dev.ftprobe.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.analyzer.stream.Analyzer;
import dev.ftprobe.analyzer.stream.AnalyzerSettings;
import dev.ftprobe.analyzer.stream.GeometrySetAnalysis;
import dev.ftprobe.analyzer.stream.ProbeSteps;
import dev.ftprobe.broker.EmbeddedKafkaBroker;
import dev.ftprobe.events.topics.TopicAdmin;
import dev.ftprobe.extractor.Extractor;
import dev.ftprobe.tasks.FixtureData;
import dev.ftprobe.tasks.TaskConfig;
import dev.ftprobe.tasks.TaskDataset;
import dev.ftprobe.tasks.TaskLoader;
import dev.ftprobe.tasks.TaskName;
import dev.ftprobe.tasks.data.DataSource;
import dev.ftprobe.trainer.TinyPosRig;
import dev.ftprobe.trainer.Trainer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: two analyzer processes of one application (one analysis id: Kafka Streams instances sharing the embeddings
 * topic's partitions, the way the analysis scales past one machine) analyse a run together; one is killed (SIGKILL) in
 * the middle of its sets. The other takes over its partitions, rebuilding their state from the changelogs, and the
 * results are one instance's, byte for byte, each once.
 */
class ScaleOutTest {
    /** Trials; {@code -Dftprobe.recovery.trials=N} for the figures in RELIABILITY.md. */
    static final int TRIALS = Integer.getInteger("ftprobe.recovery.trials", 1);
    /** The shortest session the broker allows by default: a dead instance's partitions move after about this long. */
    static final Duration SESSION = Duration.ofSeconds(6);

    /**
     * The analyzers' max set time, which is their transaction timeout: far longer than any set of this run takes (a few
     * seconds on a loaded machine), as short as the option allows, since the survivor restores the victim's state only
     * once the victim's open transaction has timed out.
     */
    static final Duration MAX_SET = Duration.ofMinutes(1);

    static final int STEPS = 3;
    static final int LAYERS = 3; // random:tiny: embeddings and two encoder layers
    static final List<String> SPLITS = List.of("train", "test");
    /** The analyzer's line for each set it analysed: group 1 the time, 2 the set's key, 3 its seconds. */
    static final Pattern SET_ANALYSED =
            Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .* set (\\S+) analysed: .* in ([0-9.]+) s$");

    @TempDir
    Path tmp;

    @Test
    @Timeout(600)
    void aKilledInstancesPartitionsAreTakenOverAndTheResultsAreOneInstancesExactly() throws Exception {
        for (int trial = 0; trial < TRIALS; trial++) {
            // scrambled: the first draws of Randoms seeded 0, 1, 2... are nearly equal
            trial(trial, new Random(new SplittableRandom(40_000 + trial).nextLong()));
        }
    }

    private void trial(int trial, Random rnd) throws Exception {
        Path dir = tmp.resolve("trial-" + trial);
        Path data = FixtureData.materialise(dir.resolve("data"));
        TaskDataset pos = TaskLoader.load(DataSource.dataDir(data), TaskConfig.of(TaskName.POS));
        // the coordinator looks for timed-out transactions every second instead of every 10 s: the dead instance's
        // open transaction ends about MAX_SET after its start, not up to 10 s later
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .optConfig("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
                .build()
                .start();
        try (TinyPosRig rig = new TinyPosRig(broker, data, dir.resolve("checkpoints"), pos)) {
            String bootstrap = rig.bootstrap();
            TopicAdmin.createMissing(bootstrap);
            Trainer.Result run = rig.trainer("scale-out")
                    .optMaxSteps(STEPS)
                    .optCheckpointEvery(1)
                    .optSeed(trial)
                    .build()
                    .run();
            assertThat(run.complete()).isTrue();
            Extractor.builder()
                    .setBootstrap(bootstrap)
                    .optDataDir(rig.data())
                    .optExitWhenIdle(Duration.ofSeconds(2))
                    .build()
                    .run();
            Map<TopicPartition, Long> end = analyzer(bootstrap, "pair", dir).embeddingsEndOffsets();

            List<FtprobeProcess> pair = new ArrayList<>();
            try {
                for (String name : List.of("a", "b")) {
                    pair.add(FtprobeProcess.start(
                            FtprobeProcess.logs("ScaleOutTest"),
                            "trial-" + trial + "-" + name,
                            "analyzer",
                            "--bootstrap",
                            bootstrap,
                            "--analysis-id",
                            "pair",
                            "--state-dir",
                            dir.resolve("state-" + name).toString(),
                            "--session-timeout",
                            SESSION.toSeconds() + "s",
                            "--max-set-minutes",
                            String.valueOf(MAX_SET.toMinutes()),
                            "--parallelism",
                            "1",
                            "--probe-steps",
                            ProbeSteps.NONE));
                }
                awaitBothHoldPartitions(bootstrap, pair);
                int[] before = {
                    analysed(pair.get(0)).size(), analysed(pair.get(1)).size()
                };

                // the victim: the first to commit k more sets now that both share the work; killed a seeded part
                // of a set's time after its k-th, so in the middle of its next set (every chunk is there already)
                int k = 1 + rnd.nextInt(2);
                FtprobeProcess victim = null;
                Matcher kth = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (victim == null) {
                    for (int i = 0; i < 2 && victim == null; i++) {
                        FtprobeProcess p = pair.get(i);
                        List<Matcher> lines = analysed(p);
                        assertThat(p.isAlive()).as(p.transcript()).isTrue();
                        if (lines.size() >= before[i] + k) {
                            victim = p;
                            kth = lines.get(before[i] + k - 1);
                        }
                    }
                    assertThat(System.nanoTime())
                            .as("an analyzer committed sets")
                            .isLessThan(deadline);
                    Thread.sleep(5);
                }
                double setSeconds = Math.max(0.05, Double.parseDouble(kth.group(3)));
                long delay = (long) (rnd.nextDouble() * setSeconds * 1000);
                Thread.sleep(delay);
                victim.kill();
                LocalTime killedAt = LocalTime.now();
                FtprobeProcess survivor = pair.get(pair.get(0) == victim ? 1 : 0);
                List<Matcher> victimLines = analysed(victim);
                Set<String> victimSeries = series(victimLines);
                int survivorBefore = analysed(survivor).size();

                assertThat(analyzer(bootstrap, "pair", dir).awaitProcessed(end, Duration.ofSeconds(180)))
                        .as("the survivor finished the run\n" + survivor.transcript())
                        .isTrue();
                // it took over: it committed sets of series that were the victim's
                List<Matcher> after = analysed(survivor);
                Set<String> takenOver = series(after.subList(survivorBefore, after.size()));
                takenOver.retainAll(victimSeries);
                assertThat(takenOver)
                        .as("series of the victim's that the survivor went on with\n" + survivor.transcript())
                        .isNotEmpty();
                // for RELIABILITY.md: where the kill fell, and how long the takeover took
                List<Matcher> overtaken = after.subList(survivorBefore, after.size()).stream()
                        .filter(m ->
                                takenOver.contains(series(List.of(m)).iterator().next()))
                        .toList();
                Set<String> victimSets = new TreeSet<>();
                victimLines.forEach(m -> victimSets.add(m.group(2)));
                long again = overtaken.stream()
                        .filter(m -> victimSets.contains(m.group(2)))
                        .count();
                System.out.printf(
                        Locale.ROOT,
                        "ScaleOutTest trial %d: killed %s %d ms after its set %s (%s s); the survivor analysed %d of"
                                + " the victim's analysed sets again and went on with %s %.1f s after the kill%n",
                        trial,
                        victim.name(),
                        delay,
                        kth.group(2),
                        kth.group(3),
                        again,
                        takenOver,
                        Duration.between(
                                                killedAt,
                                                LocalTime.parse(overtaken.get(0).group(1)))
                                        .toMillis()
                                / 1000.0);
                survivor.stop(Duration.ofSeconds(60));
            } finally {
                for (FtprobeProcess p : pair) {
                    p.close();
                }
            }

            // one instance, in this JVM, on the same records
            try (Analyzer single = analyzer(bootstrap, "single", dir)) {
                single.start();
                assertThat(single.awaitProcessed(end, Duration.ofSeconds(180))).isTrue();
            }
            AnalysisRecords.read(bootstrap, "pair")
                    .assertSameAs(
                            AnalysisRecords.read(bootstrap, "single"),
                            (STEPS + 1) * SPLITS.size() * LAYERS,
                            STEPS + 1,
                            "trial " + trial);
        }
    }

    /** The analyzer of {@code ftprobe analyzer --parallelism 1 --probe-steps none}, in this JVM; not started. */
    private static Analyzer analyzer(String bootstrap, String analysisId, Path dir) {
        return Analyzer.builder()
                .setBootstrap(bootstrap)
                .optAnalysisId(analysisId)
                .optStateDir(dir.resolve("state-" + analysisId))
                .optProbeSteps(ProbeSteps.parse(ProbeSteps.NONE))
                .optSetAnalysis(GeometrySetAnalysis.builder().optParallelism(1).build())
                .build();
    }

    /** Waits until both instances are members of the application's group, each with partitions of its own. */
    private static void awaitBothHoldPartitions(String bootstrap, List<FtprobeProcess> pair) throws Exception {
        String group = AnalyzerSettings.applicationId("pair");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        try (Admin admin = TopicAdmin.admin(bootstrap)) {
            while (true) {
                List<MemberDescription> members = new ArrayList<>();
                try {
                    members.addAll(admin.describeConsumerGroups(List.of(group))
                            .all()
                            .get()
                            .get(group)
                            .members());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                }
                if (members.size() == 2
                        && members.stream()
                                .allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                    return;
                }
                for (FtprobeProcess p : pair) {
                    assertThat(p.isAlive()).as(p.transcript()).isTrue();
                }
                assertThat(System.nanoTime()).as("both analyzers in the group").isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    private static List<Matcher> analysed(FtprobeProcess p) {
        List<Matcher> out = new ArrayList<>();
        for (String line : p.stderr().split("\n")) {
            Matcher m = SET_ANALYSED.matcher(line);
            if (m.find()) {
                out.add(m);
            }
        }
        return out;
    }

    /** The series ({@code run/task/layer}) of sets named by {@code set analysed} lines. */
    private static Set<String> series(List<Matcher> lines) {
        Set<String> out = new TreeSet<>();
        for (Matcher m : lines) {
            String[] p = m.group(2).split("/");
            out.add(p[0] + "/" + p[2] + "/" + p[4]);
        }
        return out;
    }
}
