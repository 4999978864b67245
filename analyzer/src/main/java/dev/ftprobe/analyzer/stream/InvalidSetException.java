package dev.ftprobe.analyzer.stream;

/** The chunks of a set do not make a set the analyzer can analyse; the message names the set and field. */
public final class InvalidSetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidSetException(String message) {
        super(message);
    }

    public InvalidSetException(String message, Throwable cause) {
        super(message, cause);
    }
}
