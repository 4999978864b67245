package dev.ftprobe.analyzer.stream;

import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.topics.RunLog;
import java.util.Optional;

/**
 * Reads a run's manifest from the runs topic itself, for the one case the global store cannot answer: a run whose first
 * sets complete before Kafka Streams' global thread has read its manifest (see {@link RunManifests}).
 */
@FunctionalInterface
public interface ManifestLookup {
    /** No lookup: only the global store's manifests are known (a {@code TopologyTestDriver} has no broker). */
    ManifestLookup NONE = runId -> Optional.empty();

    /**
     * The run's manifest as the runs topic holds it now (committed records; the trainer writes one per run), or empty
     * when it has none.
     *
     * @throws IllegalStateException when the topic cannot be read to its end in time
     */
    Optional<RunManifest> read(String runId);

    /** The runs topic of the broker at {@code bootstrap}, read as the extractor reads it ({@link RunLog}). */
    static ManifestLookup runsTopic(String bootstrap) {
        return runId -> RunLog.manifest(bootstrap, runId);
    }
}
