package dev.ftprobe.trainer;

import java.util.List;

/** A run id that already has a manifest with another configuration: the trainer refuses to mix them. */
public final class RunConflictException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final List<String> differences;

    public RunConflictException(String runId, List<String> differences) {
        super("run " + runId + " already exists with another configuration: " + String.join("; ", differences)
                + ". Use another --run-id, or the original settings to resume it.");
        this.differences = List.copyOf(differences);
    }

    public List<String> differences() {
        return differences;
    }
}
