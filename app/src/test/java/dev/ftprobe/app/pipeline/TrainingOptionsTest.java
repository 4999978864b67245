package dev.ftprobe.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.app.CommandRun;
import dev.ftprobe.trainer.Trainer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training options of ftprobe trainer, run and reproduce are one set: the same flags, defaults and help. */
class TrainingOptionsTest {
    static final List<String> FLAGS = List.of("--epochs", "--batch", "--max-seq-len", "--seed");

    @Test
    void everyCommandThatTrainsShowsTheSameTrainingOptions() {
        List<String> trainer = helpLines("trainer");
        assertThat(trainer).hasSize(FLAGS.size());
        assertThat(trainer)
                .anySatisfy(
                        l -> assertThat(l).contains("--batch=B").contains("(default " + Trainer.DEFAULT_BATCH + ")"));
        assertThat(trainer)
                .anySatisfy(l -> assertThat(l).contains("--seed").contains("(default " + Trainer.DEFAULT_SEED + ")"));
        assertThat(helpLines("run")).isEqualTo(trainer);
        assertThat(helpLines("reproduce")).isEqualTo(trainer);
    }

    /** The help lines of the command that name one of the flags. */
    private static List<String> helpLines(String command) {
        CommandRun r = CommandRun.of(command, "--help");
        assertThat(r.exit()).as(command + " --help: " + r.err()).isZero();
        return Arrays.stream(r.out().split("\n"))
                .map(String::strip)
                .filter(l -> FLAGS.stream().anyMatch(f -> l.startsWith(f + "=")))
                .toList();
    }
}
