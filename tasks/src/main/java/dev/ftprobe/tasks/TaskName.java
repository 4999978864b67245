package dev.ftprobe.tasks;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The five probing tasks of the paper, with their command-line names and target kinds. */
public enum TaskName {
    POS("pos", TargetKind.WORD),
    DEP("dep", TargetKind.WORD_PAIR),
    PS_ROLE("ps-role", TargetKind.WORD),
    PS_FXN("ps-fxn", TargetKind.WORD),
    TREC("trec", TargetKind.SENTENCE);

    private final String id;
    private final TargetKind targetKind;

    TaskName(String id, TargetKind targetKind) {
        this.id = id;
        this.targetKind = targetKind;
    }

    /** The name used on the command line and in example ids, e.g. {@code ps-role}. */
    public String id() {
        return id;
    }

    public TargetKind targetKind() {
        return targetKind;
    }

    /** Parses {@code pos}, {@code dep}, {@code ps-role}, {@code ps-fxn} or {@code trec} (case-insensitive). */
    public static TaskName parse(String name) {
        for (TaskName t : values()) {
            if (t.id.equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task '" + name + "'; expected one of "
                + Arrays.stream(values()).map(TaskName::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
