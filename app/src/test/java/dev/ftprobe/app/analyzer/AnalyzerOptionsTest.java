package dev.ftprobe.app.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.app.CommandRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ftprobe analyzer} and {@code replay} refuse wrong settings before they contact a broker. */
class AnalyzerOptionsTest {
    /** Nothing listens here: a command that got past its checks would fail on the connection instead. */
    private static final String NO_BROKER = "127.0.0.1:1";

    @TempDir
    Path tmp;

    @Test
    @Timeout(10)
    void theDynamicsNeedExactlyTwoDifferentSplits() {
        for (String command : new String[] {"analyzer", "replay"}) {
            CommandRun one = CommandRun.of(
                    command,
                    "--bootstrap",
                    NO_BROKER,
                    "--analysis-id",
                    "a1",
                    "--state-dir",
                    tmp.toString(),
                    "--splits",
                    "dev");
            assertThat(one.exit()).as(one.err()).isEqualTo(2);
            assertThat(one.err())
                    .contains("--splits: the dynamics compare two splits (train first, e.g. train,test), "
                            + "got 1: [dev]");
            CommandRun same =
                    CommandRun.of(command, "--bootstrap", NO_BROKER, "--analysis-id", "a1", "--splits", "test,test");
            assertThat(same.exit()).isEqualTo(2);
            assertThat(same.err()).contains("--splits: the train and test split must differ, both are test");
        }
    }

    @Test
    @Timeout(10)
    void aWrongSessionTimeoutIsRefusedNamingTheSetting() {
        CommandRun words = CommandRun.of("analyzer", "--bootstrap", NO_BROKER, "--session-timeout", "soon");
        assertThat(words.exit()).as(words.err()).isEqualTo(2);
        assertThat(words.err()).contains("configuration session.timeout must be a duration such as 500ms, 30s");
        CommandRun zero = CommandRun.of("replay", "--bootstrap", NO_BROKER, "--session-timeout", "0s");
        assertThat(zero.exit()).as(zero.err()).isEqualTo(2);
        assertThat(zero.err()).contains("session timeout must be positive, got PT0S");
    }

    @Test
    @Timeout(10)
    void aWrongLayerListIsRefusedNamingTheFlag() {
        CommandRun r = CommandRun.of("analyzer", "--bootstrap", NO_BROKER, "--layers", "1,-2");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--layers': '-2' is not a layer number");
        CommandRun ex = CommandRun.of("extractor", "--bootstrap", NO_BROKER, "--layers", "x");
        assertThat(ex.exit()).isEqualTo(2);
        assertThat(ex.err()).contains("Invalid value for option '--layers': 'x' is not a layer number");
    }

    @Test
    @Timeout(10)
    void wrongTrackingOptionsAreRefusedNamingTheFlag() {
        for (String command : new String[] {"analyzer", "replay"}) {
            CommandRun mode = CommandRun.of(command, "--bootstrap", NO_BROKER, "--tracking", "words");
            assertThat(mode.exit()).as(mode.err()).isEqualTo(2);
            assertThat(mode.err()).contains("--tracking must be labels or clusters, got words");
            CommandRun every = CommandRun.of(command, "--bootstrap", NO_BROKER, "--recluster-every", "-1");
            assertThat(every.exit()).isEqualTo(2);
            assertThat(every.err()).contains("--recluster-every must be >= 0, got -1");
            CommandRun conventions = CommandRun.of(command, "--bootstrap", NO_BROKER, "--conventions", "loose");
            assertThat(conventions.exit()).isEqualTo(2);
            assertThat(conventions.err()).contains("--conventions must be original or strict, got loose");
        }
    }

    @Test
    @Timeout(10)
    void wrongProbeOptionsAreRefusedNamingTheFlag() {
        for (String command : new String[] {"analyzer", "replay"}) {
            CommandRun steps = CommandRun.of(command, "--bootstrap", NO_BROKER, "--probe-steps", "every:0");
            assertThat(steps.exit()).as(steps.err()).isEqualTo(2);
            assertThat(steps.err()).contains("--probe-steps must be first,last, all, every:K (K >= 1) or none");
            CommandRun layers = CommandRun.of(command, "--bootstrap", NO_BROKER, "--probe-layers", "last,2");
            assertThat(layers.exit()).isEqualTo(2);
            assertThat(layers.err()).contains("--probe-layers must be last, all or a list of layers");
            CommandRun grid = CommandRun.of(command, "--bootstrap", NO_BROKER, "--probe-grid", "huge");
            assertThat(grid.exit()).isEqualTo(2);
            assertThat(grid.err()).contains("--probe-grid: unknown probe grid 'huge'");
            CommandRun setTime = CommandRun.of(command, "--bootstrap", NO_BROKER, "--max-set-minutes", "0");
            assertThat(setTime.exit()).isEqualTo(2);
            assertThat(setTime.err()).contains("--max-set-minutes: the max set time must be at least 1 minute");
        }
        // ftprobe run checks its options before it loads anything, and reports on System.err
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = CommandRun.of("run", "--model", "random:tiny", "--probe-grid", " ")
                    .exit();
            assertThat(CommandRun.of("run", "--model", "random:tiny", "--max-set-minutes", "0")
                            .exit())
                    .isEqualTo(2);
        } finally {
            System.setErr(oldErr);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--probe-grid: the probe grid is empty")
                .contains("--max-set-minutes: the max set time must be at least 1 minute");
    }

    @Test
    void helpShowsTheDeclaredDefaults() {
        assertThat(CommandRun.of("analyzer", "--help").out())
                .contains("Default: train,test.", "Default: all.", "ftprobe/analyzer-state.", "Default: 1.")
                .contains("--tracking=labels|clusters", "--recluster-every=K", "--conventions=original|strict")
                .contains("Default: labels.", "Default: strict.", "Default: 0.")
                .contains("--probe-steps=first,last|all|every:K|none", "--probe-layers=last|all|L1,L2")
                .contains("Default: first,last.", "Default: last.", "Default: paper.");
    }
}
