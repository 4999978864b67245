package dev.ftprobe.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * A record a service could not process, with the reason. Published on the dead-letter topic, keyed by source topic. The
 * raw value is kept when it is at most {@link #MAX_PAYLOAD_BYTES}; its sha256 and size always are. Encoded as JSON with
 * a schema version ({@link #SCHEMA_VERSION}).
 *
 * @param sourceTopic the topic the record came from
 * @param partition its partition
 * @param offset its offset
 * @param key its key as UTF-8 text, absent when it had none
 * @param reason why it was rejected (e.g. a codec error naming the field)
 * @param service the service that rejected it
 * @param payload the raw value, absent when null or larger than {@link #MAX_PAYLOAD_BYTES}
 * @param payloadSha256 sha256 (hex) of the raw value (of zero bytes for a null value)
 * @param payloadSize size of the raw value in bytes (-1 for a null value)
 * @param createdAt when it was dead-lettered
 */
public record DeadLetter(
        String sourceTopic,
        int partition,
        long offset,
        @Nullable String key,
        String reason,
        String service,
        @Nullable byte[] payload,
        String payloadSha256,
        long payloadSize,
        Instant createdAt) {

    /** Version of the JSON schema written by this build; decoders reject any other. */
    public static final int SCHEMA_VERSION = 1;

    /** Raw values up to this size are kept in the dead letter (base64 in JSON). */
    public static final int MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

    public DeadLetter {
        Fields.text(sourceTopic, "sourceTopic");
        Fields.nonNegative(partition, "partition");
        Fields.nonNegative(offset, "offset");
        Fields.text(reason, "reason");
        Fields.text(service, "service");
        Fields.check(
                payload == null || payload.length <= MAX_PAYLOAD_BYTES,
                "payload",
                "larger than " + MAX_PAYLOAD_BYTES + " bytes");
        Fields.sha256(payloadSha256, "payloadSha256");
        Fields.check(payloadSize >= -1, "payloadSize", "must be >= -1, was " + payloadSize);
        Fields.check(
                payload == null || payload.length == payloadSize,
                "payloadSize",
                "is " + payloadSize + " but the payload has " + (payload == null ? 0 : payload.length) + " bytes");
        Fields.required(createdAt, "createdAt");
        payload = payload == null ? null : payload.clone();
    }

    /** A dead letter for a consumed record: keeps the value if small enough, always its digest. */
    public static DeadLetter of(
            String sourceTopic,
            int partition,
            long offset,
            byte[] key,
            byte[] value,
            String reason,
            String service,
            Instant createdAt) {
        byte[] v = value == null ? new byte[0] : value;
        return new DeadLetter(
                sourceTopic,
                partition,
                offset,
                key == null ? null : new String(key, StandardCharsets.UTF_8),
                reason,
                service,
                value != null && value.length <= MAX_PAYLOAD_BYTES ? value : null,
                DigestUtils.sha256Hex(v),
                value == null ? -1 : value.length,
                createdAt);
    }

    @Override
    public byte[] payload() {
        return payload == null ? null : payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d
                && sourceTopic.equals(d.sourceTopic)
                && partition == d.partition
                && offset == d.offset
                && Objects.equals(key, d.key)
                && reason.equals(d.reason)
                && service.equals(d.service)
                && Arrays.equals(payload, d.payload)
                && payloadSha256.equals(d.payloadSha256)
                && payloadSize == d.payloadSize
                && createdAt.equals(d.createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                sourceTopic, partition, offset, key, reason, service, payloadSha256, payloadSize, createdAt);
    }

    @Override
    public String toString() {
        return "DeadLetter[sourceTopic=" + sourceTopic + ", partition=" + partition + ", offset=" + offset
                + ", key=" + key + ", reason=" + reason + ", service=" + service + ", payloadSize=" + payloadSize
                + ", payloadSha256=" + payloadSha256 + ", createdAt=" + createdAt + "]";
    }
}
