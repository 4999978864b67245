package dev.ftprobe.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.app.CommandRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bad recipe flags are refused before anything starts (no broker is reachable here), naming the flag. */
class RecipeOptionsTest {
    static final String[] BASE = {"--bootstrap", "127.0.0.1:1", "--model", "random:tiny", "--task", "pos"};

    @Test
    void badValuesAreRefusedNamingTheFlag() {
        check(new String[] {"--dropout", "1.5"}, "--dropout must be in [0, 1)");
        check(new String[] {"--max-grad-norm", "-1"}, "--max-grad-norm must be >= 0");
        check(new String[] {"--word-pooling", "last"}, "--word-pooling: unknown word pooling 'last'");
    }

    private static void check(String[] flags, String message) {
        for (String command : new String[] {"trainer", "run"}) {
            String[] args = new String[2 + BASE.length + flags.length];
            args[0] = command;
            int i = 1;
            for (String a : BASE) {
                if (command.equals("run") && (a.equals("--bootstrap") || a.equals("127.0.0.1:1"))) {
                    continue;
                }
                args[i++] = a;
            }
            for (String f : flags) {
                args[i++] = f;
            }
            String[] used = Arrays.copyOf(args, i);
            // ftprobe run reports on System.err, ftprobe trainer on the command line's err
            PrintStream saved = System.err;
            ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
            CommandRun r;
            try {
                System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
                r = CommandRun.of(used);
            } finally {
                System.setErr(saved);
            }
            assertThat(r.exit()).as(command + " " + String.join(" ", flags)).isEqualTo(2);
            assertThat(r.err() + systemErr.toString(StandardCharsets.UTF_8))
                    .as(command)
                    .contains(message);
        }
    }
}
