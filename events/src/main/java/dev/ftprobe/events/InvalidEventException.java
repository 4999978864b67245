package dev.ftprobe.events;

/**
 * An event was constructed with a value that breaks its contract. Names the offending field, so that a codec can report
 * which field of a decoded message was bad.
 */
public final class InvalidEventException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidEventException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The name of the field whose value was rejected. */
    public String field() {
        return field;
    }
}
