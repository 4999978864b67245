package dev.ftprobe.events.topics;

import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.DeadLetter;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.codec.EmbeddingBatchCodec;
import dev.ftprobe.events.codec.EventCodecs;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic registry: every topic ftprobe uses, defined once. Services create the missing ones at start
 * ({@link TopicAdmin#createMissing}); brokers never auto-create.
 *
 * <p>Runs, checkpoints and embeddings are retained indefinitely, so that any analysis can be replayed from the
 * beginning; so are the analyzer's outputs. Dead letters are kept {@link #DEAD_LETTER_RETENTION_MS}. The embeddings
 * topic's {@code max.message.bytes} and the producers' {@code max.request.size} are both {@link #MAX_MESSAGE_BYTES};
 * {@link #maxVectorsPerChunk(int)} says how many vectors fit one message.
 */
public final class Topics {
    /** Topics' {@code max.message.bytes} and producers' {@code max.request.size}: one value, so they agree. */
    public static final int MAX_MESSAGE_BYTES = EventCodecs.MAX_MESSAGE_BYTES;
    /** {@code retention.ms} that keeps records indefinitely. */
    public static final long RETAIN_FOREVER = -1L;

    public static final long DEAD_LETTER_RETENTION_MS = 30L * 24 * 3600 * 1000;
    /**
     * Room left in each embeddings message for what is not vectors: the codec's header and texts, the record key,
     * headers and Kafka's record-batch framing.
     */
    public static final int CHUNK_RESERVE_BYTES = 64 * 1024;

    public static final String PREFIX = "ftprobe.";

    public static final TopicSpec<String, RunManifest> RUNS = new TopicSpec<>(
            PREFIX + "runs",
            Serdes.String(),
            EventCodecs.runManifestSerde(),
            1,
            RETAIN_FOREVER,
            EventCodecs.MAX_JSON_EVENT_BYTES,
            "zstd",
            TopicConfig.CLEANUP_POLICY_DELETE,
            "RunManifest (JSON) per run, keyed by run id");

    public static final TopicSpec<String, CheckpointEvent> CHECKPOINTS = new TopicSpec<>(
            PREFIX + "checkpoints",
            Serdes.String(),
            EventCodecs.checkpointSerde(),
            4,
            RETAIN_FOREVER,
            EventCodecs.MAX_JSON_EVENT_BYTES,
            "zstd",
            TopicConfig.CLEANUP_POLICY_DELETE,
            "CheckpointEvent (JSON) per written checkpoint, keyed by run id");

    public static final TopicSpec<String, EmbeddingBatch> EMBEDDINGS = new TopicSpec<>(
            PREFIX + "embeddings",
            Serdes.String(),
            EventCodecs.embeddingBatchSerde(),
            8,
            RETAIN_FOREVER,
            MAX_MESSAGE_BYTES,
            "producer",
            TopicConfig.CLEANUP_POLICY_DELETE,
            "EmbeddingBatch (binary) chunks, keyed by series run/task/layer (a series' chunks in step order on "
                    + "one partition)");

    public static final TopicSpec<String, DeadLetter> DEAD_LETTERS = new TopicSpec<>(
            PREFIX + "dead-letters",
            Serdes.String(),
            EventCodecs.deadLetterSerde(),
            1,
            DEAD_LETTER_RETENTION_MS,
            MAX_MESSAGE_BYTES,
            "zstd",
            TopicConfig.CLEANUP_POLICY_DELETE,
            "DeadLetter (JSON) for records a service could not process, keyed by source topic");

    /** The analyzer's outputs, one pair of topics per analysis id. */
    public enum AnalysisOutput {
        GEOMETRY("geometry", "geometry per set (clusters, distances, centroids)"),
        DYNAMICS("dynamics", "dynamics per run, probe task and layer, step by step");

        private final String suffix;
        private final String description;

        AnalysisOutput(String suffix, String description) {
            this.suffix = suffix;
            this.description = description;
        }

        public String suffix() {
            return suffix;
        }
    }

    public static final Pattern ANALYSIS_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
    public static final String DEFAULT_ANALYSIS_ID = "default";
    public static final int ANALYSIS_PARTITIONS = 4;

    private Topics() {}

    /** The fixed topics: runs, checkpoints, embeddings, dead letters. */
    public static List<TopicSpec<?, ?>> registry() {
        return List.of(RUNS, CHECKPOINTS, EMBEDDINGS, DEAD_LETTERS);
    }

    /** The name of an analysis output topic: {@code ftprobe.analysis.<id>.<kind>}. */
    public static String analysisTopicName(String analysisId, AnalysisOutput kind) {
        if (analysisId == null || !ANALYSIS_ID.matcher(analysisId).matches()) {
            throw new IllegalArgumentException("analysis id must match " + ANALYSIS_ID.pattern() + ": " + analysisId);
        }
        return PREFIX + "analysis." + analysisId + "." + kind.suffix;
    }

    /** An analysis output topic with the serdes its producer chooses; retained indefinitely. */
    public static <K, V> TopicSpec<K, V> analysisTopic(
            String analysisId, AnalysisOutput kind, Serde<K> keys, Serde<V> values) {
        return new TopicSpec<>(
                analysisTopicName(analysisId, kind),
                keys,
                values,
                ANALYSIS_PARTITIONS,
                RETAIN_FOREVER,
                MAX_MESSAGE_BYTES,
                "zstd",
                TopicConfig.CLEANUP_POLICY_DELETE,
                kind.description + ", analysis " + analysisId);
    }

    /** Both output topics of an analysis, as bytes (for creating and describing them). */
    public static List<TopicSpec<?, ?>> analysisTopics(String analysisId) {
        return List.of(
                analysisTopic(analysisId, AnalysisOutput.GEOMETRY, Serdes.ByteArray(), Serdes.ByteArray()),
                analysisTopic(analysisId, AnalysisOutput.DYNAMICS, Serdes.ByteArray(), Serdes.ByteArray()));
    }

    /**
     * The most vectors of dimension {@code dim} that one {@link EmbeddingBatch} may carry so that its message stays
     * within {@link #MAX_MESSAGE_BYTES} (with any run id, task and split names).
     */
    public static int maxVectorsPerChunk(int dim) {
        if (dim < 1 || dim > EmbeddingBatch.MAX_DIM) {
            throw new IllegalArgumentException("dim out of range: " + dim);
        }
        long room = MAX_MESSAGE_BYTES - CHUNK_RESERVE_BYTES - EmbeddingBatchCodec.MAX_OVERHEAD;
        return (int) (room / (4L * dim + 8));
    }
}
