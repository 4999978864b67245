package dev.ftprobe.events.codec;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Encoding or decoding an event failed: the input was truncated, corrupt, of an unsupported version, oversized, or
 * described an invalid event. Always names the field at fault. A decoder throws this rather than return a partial or
 * wrong value.
 *
 * <p>It is a Kafka {@link SerializationException}, so consumers and Kafka Streams treat it as a deserialization failure
 * (which the services dead-letter).
 */
public final class CodecException extends SerializationException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public CodecException(String field, String message) {
        this(field, message, null);
    }

    public CodecException(String field, String message, Throwable cause) {
        super(field + ": " + message, cause);
        this.field = field;
    }

    /** The field at fault ({@code message} when the input as a whole is). */
    public String field() {
        return field;
    }
}
