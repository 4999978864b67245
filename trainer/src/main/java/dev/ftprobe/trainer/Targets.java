package dev.ftprobe.trainer;

import dev.ftprobe.model.Target;
import dev.ftprobe.model.train.TaskHead;
import dev.ftprobe.tasks.Example;
import dev.ftprobe.tasks.TargetKind;

/** Glue between the tasks module's examples and the trainer's heads. */
public final class Targets {
    private Targets() {}

    /** The model's target for an example: a word, a (dependent, head) pair, or the sentence. */
    public static Target of(Example e) {
        return Target.of(e.target().word(), e.target().head());
    }

    public static TaskHead.Kind headKind(TargetKind kind) {
        return switch (kind) {
            case WORD -> TaskHead.Kind.WORD;
            case WORD_PAIR -> TaskHead.Kind.WORD_PAIR;
            case SENTENCE -> TaskHead.Kind.SENTENCE;
        };
    }

    /** Whether every word the target needs survived truncation to {@code words} words. */
    public static boolean fits(Example e, int words) {
        return e.target().word() < words && e.target().head() < words;
    }
}
