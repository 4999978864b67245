package dev.ftprobe.analyzer.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftprobe.events.InvalidEventException;
import dev.ftprobe.events.codec.CodecException;
import dev.ftprobe.events.codec.CodecSerde;
import dev.ftprobe.events.codec.EventCodecs;
import dev.ftprobe.events.codec.JsonCodec;
import java.io.IOException;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;

/**
 * A result's JSON codec that also reads the versions before its last change of shape: a record whose
 * {@code schemaVersion} is at most the legacy codec's is decoded by it and upgraded. {@link JsonCodec#readingFrom}
 * covers versions that only added nullable fields; this covers a change of layout.
 *
 * @param <T> the result
 * @param <L> the result's legacy shape
 */
public final class ResultCodec<T extends Record, L extends Record> {
    private final JsonCodec<T> current;
    private final JsonCodec<L> legacy;
    private final Function<L, T> upgrade;

    ResultCodec(JsonCodec<T> current, JsonCodec<L> legacy, Function<L, T> upgrade) {
        this.current = current;
        this.legacy = legacy;
        this.upgrade = upgrade;
    }

    public int schemaVersion() {
        return current.schemaVersion();
    }

    public byte[] encode(T value) {
        return current.encode(value);
    }

    /** Decodes the current version, or a legacy one upgraded; anything else fails as the current codec says. */
    public T decode(byte[] data) {
        if (isLegacy(data)) {
            L old = legacy.decode(data);
            try {
                return upgrade.apply(old);
            } catch (InvalidEventException e) {
                throw new CodecException(
                        e.field(), e.getMessage().substring(e.field().length() + 2), e);
            } catch (IllegalArgumentException e) {
                // the geometry's own records check their values but name no field
                throw new CodecException(
                        "message",
                        "version " + legacy.schemaVersion() + " does not upgrade to " + current.schemaVersion() + ": "
                                + e.getMessage(),
                        e);
            }
        }
        return current.decode(data);
    }

    public Serde<T> serde() {
        return new CodecSerde<>(this::encode, this::decode, null);
    }

    private boolean isLegacy(byte[] data) {
        if (data == null || data.length == 0 || data.length > EventCodecs.MAX_MESSAGE_BYTES) {
            return false;
        }
        try {
            JsonNode v = JsonCodec.mapper().readTree(data).get(JsonCodec.SCHEMA_VERSION_FIELD);
            return v != null && v.isIntegralNumber() && v.intValue() <= legacy.schemaVersion();
        } catch (IOException | RuntimeException e) {
            return false; // the current codec reports what is wrong
        }
    }
}
