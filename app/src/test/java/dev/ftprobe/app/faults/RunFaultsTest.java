package dev.ftprobe.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.tasks.FixtureData;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of {@code ftprobe run} as a user meets them, on the real command in a process of its own (random:tiny on the
 * fixture corpora, a checkpoint every 4 of 12 steps), each ending with the run's results compared with those of an
 * uninterrupted run of the same configuration: byte for byte, every set and step once, no checkpoint twice.
 *
 * <ul>
 *   <li>SIGKILL, SIGTERM or SIGINT at a seeded moment in each stage (training, checkpoint writing, extraction,
 *       analysis), the same command again after each: a signalled run exits with 143 or 130 within seconds, says how to
 *       resume and leaves no JVM crash report;
 *   <li>the broker, a separate {@code ftprobe broker} process, killed with SIGKILL and restarted twice while the run
 *       goes on against it ({@code --bootstrap}): the run completes.
 * </ul>
 *
 * <p>The build runs a quick round: a SIGKILL and a SIGTERM in two seeded stages, then the command to its end, and one
 * broker restart. {@code -Dftprobe.faults.rounds=N} runs N full rounds instead (each a fresh output directory, a fault
 * in every stage, two broker restarts), {@code -Dftprobe.faults.seed=S} other moments,
 * {@code -Dftprobe.faults.first-round=R} the rotation of faults from round R; the figures in RELIABILITY.md come from
 * such a longer run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunFaultsTest {
    /** 0: the build's quick round. */
    static final int DEFAULT_ROUNDS = 0;

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STAGE_TIMEOUT = Duration.ofMinutes(2);
    /** A stopped run ends within this: a step of random:tiny, an aborted transaction, closes. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private Path tmp;

    private final int rounds = Integer.getInteger("ftprobe.faults.rounds", DEFAULT_ROUNDS);
    private final long seed = Long.getLong("ftprobe.faults.seed", 20L);
    /** Where the rotation of faults starts, so that a long run can be split in parts. */
    private final int firstRound = Integer.getInteger("ftprobe.faults.first-round", 0);

    private Path data;
    private RunRecords baseline;

    @BeforeAll
    void uninterruptedRun(@TempDir Path dir) throws Exception {
        tmp = dir;
        data = FixtureData.materialise(tmp.resolve("data"));
        Path out = tmp.resolve("baseline");
        try (SignalledProcess p = SignalledProcess.start(out.resolve("work"), runArgs(out))) {
            assertThat(p.awaitExit(RUN_TIMEOUT)).as(p.output()).contains(0);
        }
        baseline = RunRecords.readDataDir(out.resolve("kafka"));
        baseline.assertEachOnce();
        System.out.println("faults: the uninterrupted run left " + baseline.describe());
    }

    private List<String> runArgs(Path out) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--model",
                "random:tiny",
                "--data-dir",
                data.toString(),
                "--max-steps",
                "12",
                "--checkpoint-every",
                "4",
                "--batch",
                "8",
                "--max-seq-len",
                "96",
                "--probe-grid",
                "small",
                "--offline",
                "--out",
                out.toString()));
        return args;
    }

    /**
     * One fault per stage and round: SIGKILL, SIGTERM, SIGKILL, SIGINT in round 0, shifted by one stage each round, so
     * that four rounds give every stage each fault; after each the same command again, and after a round's four faults
     * the command to its end, whose results must be the uninterrupted run's.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void aRunKilledOrSignalledInEachStageAndRunAgainLosesAndDuplicatesNothing() throws Exception {
        Random random = new Random(seed);
        Map<String, Integer> survived = new TreeMap<>();
        int missed = 0;
        for (int round = firstRound; round < firstRound + Math.max(1, rounds); round++) {
            Path out = tmp.resolve("round-" + round);
            for (Map.Entry<Stage, Fault> planned : plan(round, random).entrySet()) {
                Stage stage = planned.getKey();
                Fault fault = planned.getValue();
                int delay = random.nextInt(stage.windowMillis());
                try (SignalledProcess p = SignalledProcess.start(out.resolve("work"), runArgs(out))) {
                    Optional<String> line = p.awaitLine(0, stage.opening(), STAGE_TIMEOUT);
                    Thread.sleep(delay);
                    if (line.isEmpty() || !p.isAlive()) {
                        missed++;
                        System.out.printf(
                                Locale.ROOT, "faults: round %d %s: no %s, the run had ended%n", round, stage, fault);
                        continue;
                    }
                    long t0 = System.nanoTime();
                    fault.inject(p);
                    Optional<Integer> exit = p.awaitExit(STOP_TIMEOUT);
                    System.out.printf(
                            Locale.ROOT,
                            "faults: round %d %s: %s %d ms after \"%s\": exit %s in %.1f s%n",
                            round,
                            stage,
                            fault,
                            delay,
                            line.get(),
                            exit.map(String::valueOf).orElse("none"),
                            (System.nanoTime() - t0) / 1e9);
                    if (exit.isEmpty()) {
                        throw new AssertionError("no exit within " + STOP_TIMEOUT + " of " + fault + "\n" + p.output()
                                + "\n" + p.threadDump());
                    }
                    assertThat(p.crashReports()).as(p.output()).isEmpty();
                    assertThat(p.output()).doesNotContain("SIGSEGV", "A fatal error has been detected");
                    if (fault != Fault.SIGKILL && exit.get() == 0) {
                        missed++; // the run completed before the signal came
                        continue;
                    }
                    fault.checkExit(exit.get(), p.output());
                    survived.merge(fault + " in " + stage, 1, Integer::sum);
                }
            }
            completeAndCompare(out);
        }
        survived.forEach((what, n) -> System.out.printf(
                Locale.ROOT, "faults: %s: %d survived (results identical, nothing lost or duplicated)%n", what, n));
        System.out.printf(Locale.ROOT, "faults: %d faults came after the run had ended%n", missed);
        assertThat(survived.values().stream().mapToInt(Integer::intValue).sum())
                .as("faults that hit a running process")
                .isGreaterThanOrEqualTo(Math.max(1, rounds * Stage.values().length / 2));
    }

    /**
     * The faults of a round, stage by stage in the order the stages come: with {@code ftprobe.faults.rounds} given, one
     * per stage, SIGKILL, SIGTERM, SIGKILL, SIGINT shifted by one stage each round (four rounds give every stage each
     * fault); in the build's quick round, a SIGKILL and a SIGTERM in two seeded stages.
     */
    private Map<Stage, Fault> plan(int round, Random random) {
        Map<Stage, Fault> plan = new EnumMap<>(Stage.class);
        if (rounds == 0) {
            List<Stage> stages = new ArrayList<>(List.of(Stage.values()));
            Collections.shuffle(stages, random);
            plan.put(stages.get(0), Fault.SIGKILL);
            plan.put(stages.get(1), Fault.SIGTERM);
            return plan;
        }
        for (Stage stage : Stage.values()) {
            plan.put(stage, Fault.ROTATION.get((stage.ordinal() + round) % Fault.ROTATION.size()));
        }
        return plan;
    }

    /** What a test does to a running {@code ftprobe run}, and what it must then see. */
    enum Fault {
        SIGKILL,
        SIGTERM,
        SIGINT;

        /** Round 0's faults, stage by stage; each later round starts one further on. */
        static final List<Fault> ROTATION = List.of(SIGKILL, SIGTERM, SIGKILL, SIGINT);

        void inject(SignalledProcess p) throws IOException, InterruptedException {
            if (this == SIGKILL) {
                p.kill();
            } else {
                p.signal(name().substring(3));
            }
        }

        /** A killed process's status is the kill's; a signalled one says how to resume and exits with 128 + signal. */
        void checkExit(int exit, String output) {
            switch (this) {
                case SIGKILL -> assertThat(exit).isEqualTo(137);
                case SIGTERM -> assertThat(exit).as(output).isEqualTo(143);
                case SIGINT -> assertThat(exit).as(output).isEqualTo(130);
            }
            if (this != SIGKILL) {
                assertThat(output)
                        .contains("ftprobe run: stopped ", "ftprobe run: to resume, run the same command again");
            }
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void theBrokerKilledAndRestartedDuringARunLosesAndDuplicatesNothing() throws Exception {
        Random random = new Random(seed + 2);
        int restarts = 0;
        List<Stage> stages = List.of(Stage.EXTRACTION, Stage.ANALYSIS);
        for (int round = 0; round < Math.max(1, rounds); round++) {
            Path out = tmp.resolve("broker-" + round);
            Path brokerDir = out.resolve("broker-data");
            int port = freePort();
            int controllerPort = freePort();
            List<String> brokerArgs = List.of(
                    "broker",
                    "--data-dir",
                    brokerDir.toString(),
                    "--port",
                    Integer.toString(port),
                    "--controller-port",
                    Integer.toString(controllerPort),
                    "--create-topics");
            SignalledProcess broker = startBroker(out, brokerArgs);
            String bootstrap = "127.0.0.1:" + port;
            List<String> args = new ArrayList<>(runArgs(out));
            args.addAll(List.of("--bootstrap", bootstrap));
            try (SignalledProcess run = SignalledProcess.start(out.resolve("work"), args)) {
                int from = 0;
                // the quick round restarts the broker once, in a seeded one of the two stages
                for (Stage stage : rounds == 0 ? List.of(stages.get(random.nextInt(2))) : stages) {
                    Optional<String> line = run.awaitLine(from, stage.opening(), STAGE_TIMEOUT);
                    from = run.lineCount();
                    if (line.isEmpty() || !run.isAlive()) {
                        System.out.printf(Locale.ROOT, "faults: round %d %s: no broker kill%n", round, stage);
                        continue;
                    }
                    Thread.sleep(random.nextInt(stage.windowMillis()));
                    broker.kill();
                    broker.close();
                    Thread.sleep(random.nextInt(3000)); // the clients find no broker for a while
                    broker = startBroker(out, brokerArgs);
                    restarts++;
                    System.out.printf(
                            Locale.ROOT,
                            "faults: round %d %s: broker SIGKILLed and restarted after \"%s\"%n",
                            round,
                            stage,
                            line.get());
                }
                assertThat(run.awaitExit(RUN_TIMEOUT)).as(run.output()).contains(0);
                RunRecords.read(bootstrap).assertSameAs(baseline);
            } finally {
                broker.close();
            }
        }
        System.out.printf(Locale.ROOT, "faults: broker restarts survived: %d%n", restarts);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static SignalledProcess startBroker(Path out, List<String> args) throws Exception {
        SignalledProcess broker = SignalledProcess.start(out.resolve("broker-work"), args);
        assertThat(broker.awaitLine(0, s -> s.startsWith("ftprobe broker: Kafka at "), STAGE_TIMEOUT))
                .as(broker.output())
                .isPresent();
        return broker;
    }

    /** The same command to its end, then the results against the uninterrupted run's. */
    private void completeAndCompare(Path out) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        try (SignalledProcess p = SignalledProcess.start(out.resolve("work"), runArgs(out))) {
            assertThat(p.awaitExit(RUN_TIMEOUT)).as(p.output()).contains(0);
            assertThat(p.crashReports()).isEmpty();
        }
        System.out.printf(
                Locale.ROOT, "faults: the same command completed in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        RunRecords.readDataDir(out.resolve("kafka")).assertSameAs(baseline);
    }
}
