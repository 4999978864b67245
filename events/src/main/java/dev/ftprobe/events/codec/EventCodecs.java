package dev.ftprobe.events.codec;

import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.DeadLetter;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.RunManifest;
import org.apache.kafka.common.serialization.Serde;

/**
 * The codec and Kafka serde of every event, with their size limits. The message limit of the binary codec and of the
 * dead letters is {@link #MAX_MESSAGE_BYTES}, the value the topic registry gives the topics' {@code max.message.bytes}
 * and the producers' {@code max.request.size}.
 */
public final class EventCodecs {
    /** The largest message on any ftprobe topic: topics' max.message.bytes, producers' max.request.size. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** The largest small JSON event (manifests, checkpoint events). */
    public static final int MAX_JSON_EVENT_BYTES = 1024 * 1024;

    /**
     * Writes schema 3; reads 3, 2 (whose settings lack the recipe fields: the legacy recipe) and 1 (whose settings map
     * it reads into the typed settings).
     */
    public static final JsonCodec<RunManifest> RUN_MANIFEST = new JsonCodec<>(
                    RunManifest.class, RunManifest.SCHEMA_VERSION, MAX_JSON_EVENT_BYTES)
            .upgrading(2, ManifestSchema2::upgrade)
            .upgrading(1, ManifestSchema1::upgrade);

    /** Writes schema 2; reads 2 and 1 (without evaluation). */
    public static final JsonCodec<CheckpointEvent> CHECKPOINT =
            new JsonCodec<>(CheckpointEvent.class, CheckpointEvent.SCHEMA_VERSION, MAX_JSON_EVENT_BYTES).readingFrom(1);

    public static final JsonCodec<DeadLetter> DEAD_LETTER =
            new JsonCodec<>(DeadLetter.class, DeadLetter.SCHEMA_VERSION, MAX_MESSAGE_BYTES);
    public static final EmbeddingBatchCodec EMBEDDING_BATCH = new EmbeddingBatchCodec(MAX_MESSAGE_BYTES);

    private EventCodecs() {}

    public static Serde<RunManifest> runManifestSerde() {
        return CodecSerde.json(RUN_MANIFEST);
    }

    public static Serde<CheckpointEvent> checkpointSerde() {
        return CodecSerde.json(CHECKPOINT);
    }

    public static Serde<DeadLetter> deadLetterSerde() {
        return CodecSerde.json(DEAD_LETTER);
    }

    public static Serde<EmbeddingBatch> embeddingBatchSerde() {
        return CodecSerde.binary(EMBEDDING_BATCH);
    }
}
