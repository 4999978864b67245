package dev.ftprobe.model.checkpoint;

/** A checkpoint named by an event cannot be used: its file is missing, differs from the event, or does not parse. */
public final class CheckpointUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckpointUnavailableException(String message) {
        super(message);
    }

    public CheckpointUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
