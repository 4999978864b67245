package dev.ftprobe.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.broker.EmbeddedKafkaBroker;
import dev.ftprobe.events.topics.RunLog;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.tasks.FixtureData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: the disk under the checkpoint store, or under the embedded broker's data, full in the middle of
 * {@code ftprobe run}: a tmpfs the test mounts there and fills but for a seeded part of what the run needs. The run
 * stops with a message naming the directory; once the filler is deleted the same command completes, and its results are
 * an uninterrupted run's, byte for byte, each once, every checkpoint published once.
 */
class DiskFullTest {
    /** Trials per directory; {@code -Dftprobe.recovery.trials=N} for the figures in RELIABILITY.md. */
    static final int TRIALS = Integer.getInteger("ftprobe.recovery.trials", 1);
    /** Room on each tmpfs beyond what the run needs there. */
    static final long SPARE = 64L << 20;

    static final int CHECKPOINTS = 3; // steps 0, 2 and 4
    static final int LAYERS = 2;
    static final int SETS = CHECKPOINTS * 2 * LAYERS;
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(180);
    static final Path LOGS = FtprobeProcess.logs("DiskFullTest");

    @TempDir
    static Path tmp;

    static Path data;
    static List<Tmpfs> mounts = new ArrayList<>();
    /** The uninterrupted run's records, and the space it took in each of the two directories. */
    static AnalysisRecords expected;

    static long storeBytes;
    static long brokerBytes;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        data = FixtureData.materialise(tmp.resolve("data"));
        Path out = tmp.resolve("uninterrupted");
        // on tmpfs mounts too, so that the space the run takes is measured the way the full disks count it
        Tmpfs store = mount(out.resolve("checkpoints"), 256L << 20);
        Tmpfs broker = mount(out.resolve("kafka"), 512L << 20);
        long storeFree = store.usableBytes();
        long brokerFree = broker.usableBytes();
        try (FtprobeProcess run = FtprobeProcess.start(LOGS, "uninterrupted", args(out))) {
            assertThat(run.awaitExit(RUN_TIMEOUT)).as(run.transcript()).isZero();
        }
        storeBytes = storeFree - store.usableBytes();
        brokerBytes = brokerFree - broker.usableBytes();
        expected = records(out);
    }

    @AfterAll
    static void unmount() throws Exception {
        for (Tmpfs m : mounts) {
            m.close();
        }
    }

    @Test
    @Timeout(900)
    void aFullCheckpointStoreStopsTheRunNamingItAndTheRerunAfterSpaceIsFreedLosesNothing() throws Exception {
        for (int trial = 0; trial < TRIALS; trial++) {
            Random rnd = new Random(new SplittableRandom(50_000 + trial).nextLong()); // scrambled seeds
            Path out = tmp.resolve("store-full-" + trial);
            Tmpfs disk = mount(out.resolve("checkpoints"), storeBytes + SPARE);
            // room for a part of the run's checkpoints: the store fills in the middle of the run
            disk.fillLeaving((long) (storeBytes * (0.2 + 0.6 * rnd.nextDouble())));
            String stderr = failThenRerun(out, disk, "store-full-" + trial);
            assertThat(stderr)
                    .contains("No space left on device")
                    .contains(disk.dir().toString())
                    .contains("the same command resumes the run");
            assertThat(stderr).doesNotContain("\tat ");
            records(out).assertSameAs(expected, SETS, CHECKPOINTS, "store full, trial " + trial);
        }
    }

    @Test
    @Timeout(900)
    void aFullBrokerDiskStopsTheRunNamingItAndTheRerunAfterSpaceIsFreedLosesNothing() throws Exception {
        for (int trial = 0; trial < TRIALS; trial++) {
            Random rnd = new Random(new SplittableRandom(60_000 + trial).nextLong()); // scrambled seeds
            Path out = tmp.resolve("broker-full-" + trial);
            Tmpfs disk = mount(out.resolve("kafka"), brokerBytes + SPARE);
            disk.fillLeaving((long) (brokerBytes * (0.3 + 0.6 * rnd.nextDouble())));
            String stderr = failThenRerun(out, disk, "broker-full-" + trial);
            assertThat(stderr)
                    .contains("ftprobe: broker data directory " + disk.dir().resolve("kafka"))
                    .contains("its disk is full")
                    .contains("run the same command again");
            records(out).assertSameAs(expected, SETS, CHECKPOINTS, "broker disk full, trial " + trial);
        }
    }

    /**
     * Runs until the full disk stops the run (which must end by itself, not hang), frees the space, runs the same
     * command again to completion, and returns what the stopped run wrote to its standard error.
     */
    private static String failThenRerun(Path out, Tmpfs disk, String name) throws Exception {
        String stderr;
        long left = disk.usableBytes();
        try (FtprobeProcess run = FtprobeProcess.start(LOGS, name, args(out))) {
            int exit = run.awaitExit(RUN_TIMEOUT);
            assertThat(exit).as(run.transcript()).isNotZero();
            stderr = run.stderr();
            // for RELIABILITY.md: where the disk filled
            System.out.printf(
                    Locale.ROOT,
                    "DiskFullTest %s: %d KiB left, exit %d after %d checkpoint(s) published: %s%n",
                    name,
                    left >> 10,
                    exit,
                    run.stdout().split("checkpoint published", -1).length - 1,
                    stderr.lines()
                            .filter(l -> l.contains("No space left on device"))
                            .findFirst()
                            .orElse("(no ENOSPC line)"));
        }
        disk.free();
        try (FtprobeProcess rerun = FtprobeProcess.start(LOGS, name + "-rerun", args(out))) {
            assertThat(rerun.awaitExit(RUN_TIMEOUT)).as(rerun.transcript()).isZero();
        }
        return stderr;
    }

    /** random:tiny on the fixture treebank: a checkpoint at steps 0, 2 and 4, layers 0 and 2, no probe. */
    private static String[] args(Path out) {
        return new String[] {
            "run",
            "--model",
            "random:tiny",
            "--data-dir",
            data.toString(),
            "--max-steps",
            "4",
            "--checkpoint-every",
            "2",
            "--batch",
            "8",
            "--max-seq-len",
            "96",
            "--layers",
            "0,2",
            "--probe-steps",
            "none",
            "--out",
            out.toString()
        };
    }

    /** The run's analysis records, read from its broker's data (restarted here), after checking its checkpoints. */
    private static AnalysisRecords records(Path out) {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .optDataDir(out.resolve("kafka"))
                .build()
                .start()) {
            String bootstrap = broker.bootstrapServers();
            Map<Long, Integer> published = new TreeMap<>();
            RunLog.readToEnd(
                    bootstrap,
                    Topics.CHECKPOINTS,
                    RunLog.DEFAULT_TIMEOUT,
                    r -> published.merge(r.value().step(), 1, Integer::sum));
            assertThat(published).as("checkpoint events by step").isEqualTo(Map.of(0L, 1, 2L, 1, 4L, 1));
            return AnalysisRecords.read(bootstrap, Topics.DEFAULT_ANALYSIS_ID);
        }
    }

    private static Tmpfs mount(Path dir, long bytes) throws Exception {
        Tmpfs m = Tmpfs.mount(dir, bytes);
        mounts.add(m);
        return m;
    }
}
