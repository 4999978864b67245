package dev.ftprobe.extractor;

import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.tasks.TaskName;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The extractor's options as {@link Extractor.Builder#build()} validated and copied them; see the builder for each
 * one's meaning. {@code dataDir}, {@code layers}, {@code splits}, {@code transactionalId} and {@code exitWhenIdle} are
 * null when not given.
 */
record ExtractorOptions(
        String bootstrap,
        Path dataDir,
        List<TaskName> probeTasks,
        List<Integer> layers,
        List<String> splits,
        int chunkSize,
        int batchSentences,
        String groupId,
        String transactionalId,
        boolean staticMember,
        Set<String> runIds,
        Duration exitWhenIdle,
        MeterRegistry registry,
        Consumer<Extractor.Processed> listener,
        Consumer<EmbeddingBatch> chunkListener) {

    /** Whether the run is to be extracted (all are when no run ids were given). */
    boolean selects(String runId) {
        return runIds.isEmpty() || runIds.contains(runId);
    }
}
