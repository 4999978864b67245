package dev.ftprobe.extractor;

import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.codec.EventCodecs;
import dev.ftprobe.events.topics.RunLog;
import dev.ftprobe.events.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the log holds for each run: its manifest, its checkpoint steps, and for each (step, probe task, split, layer)
 * the chunks and vectors present (committed records only). A set is complete when every chunk index in {@code [0,
 * chunkCount)} is present and, where the number of examples is known (the run's own task, from its manifest), the
 * distinct chunks hold that many vectors. Duplicated chunks (an extraction repeated after a crash) are counted once.
 */
public final class RunInspector {
    private RunInspector() {}

    /** One set of embeddings. */
    public record SetReport(
            long step,
            String probeTask,
            String split,
            int layer,
            int dim,
            int chunkCount,
            int chunksPresent,
            int duplicateChunks,
            long vectors,
            Integer expectedVectors,
            boolean complete) {}

    /** One run. {@code manifest} is null when only its checkpoints or embeddings are on the log. */
    public record RunReport(String runId, RunManifest manifest, List<Long> checkpointSteps, List<SetReport> sets) {
        /** Whether every set of every checkpoint step is complete (and there is at least one). */
        public boolean allComplete() {
            return !sets.isEmpty() && sets.stream().allMatch(SetReport::complete);
        }
    }

    private static final class SetState {
        int dim;
        int chunkCount;
        final BitSet chunks = new BitSet();
        final Map<Integer, Integer> counts = new HashMap<>();
        int duplicates;
    }

    /** Every run on the log, or only {@code runId} when not null, sorted by run id. */
    public static List<RunReport> inspect(String bootstrap, String runId) {
        return inspect(bootstrap, runId, RunLog.DEFAULT_TIMEOUT);
    }

    public static List<RunReport> inspect(String bootstrap, String runId, Duration timeout) {
        Map<String, RunManifest> manifests = new TreeMap<>();
        RunLog.readToEnd(bootstrap, Topics.RUNS, timeout, r -> {
            if (r.value() != null && (runId == null || runId.equals(r.key()))) {
                manifests.putIfAbsent(r.key(), r.value());
            }
        });
        Map<String, TreeSet<Long>> steps = new TreeMap<>();
        RunLog.readToEnd(bootstrap, Topics.CHECKPOINTS, timeout, r -> {
            CheckpointEvent e = r.value();
            if (e != null && (runId == null || runId.equals(e.runId()))) {
                steps.computeIfAbsent(e.runId(), k -> new TreeSet<>()).add(e.step());
            }
        });
        Map<String, Map<String, SetState>> sets = new TreeMap<>();
        RunLog.readToEnd(
                bootstrap,
                Topics.EMBEDDINGS.name(),
                new StringDeserializer(),
                new ByteBufferDeserializer(),
                timeout,
                r -> {
                    // keyed by series, run/task/layer (by run id or set key in older topics): skip other runs undecoded
                    if (r.value() == null
                            || (runId != null
                                    && (r.key() == null
                                            || !(r.key().equals(runId)
                                                    || r.key().startsWith(runId + "/"))))) {
                        return;
                    }
                    EmbeddingBatch batch;
                    try {
                        batch = EventCodecs.EMBEDDING_BATCH.decode(r.value());
                    } catch (RuntimeException e) {
                        return; // not an embedding batch; readers skip what they cannot decode
                    }
                    if (runId != null && !runId.equals(batch.runId())) {
                        return;
                    }
                    SetState s = sets.computeIfAbsent(batch.runId(), k -> new HashMap<>())
                            .computeIfAbsent(batch.setKey(), k -> new SetState());
                    s.dim = batch.dim();
                    s.chunkCount = batch.chunkCount();
                    if (s.chunks.get(batch.chunkIndex())) {
                        s.duplicates++;
                    } else {
                        s.chunks.set(batch.chunkIndex());
                        s.counts.put(batch.chunkIndex(), batch.count());
                    }
                });
        TreeSet<String> runs = new TreeSet<>(manifests.keySet());
        runs.addAll(steps.keySet());
        runs.addAll(sets.keySet());
        List<RunReport> out = new ArrayList<>();
        for (String run : runs) {
            RunManifest m = manifests.get(run);
            List<SetReport> reports = new ArrayList<>();
            sets.getOrDefault(run, Map.of()).forEach((key, s) -> {
                String[] p = key.split("/");
                long step = Long.parseLong(p[1]);
                String task = p[2];
                String split = p[3];
                int layer = Integer.parseInt(p[4]);
                long vectors =
                        s.counts.values().stream().mapToLong(Integer::longValue).sum();
                Integer expected = m != null && m.fineTuningTask().equals(task)
                        ? m.splitSizes().get(split)
                        : null;
                boolean complete = s.chunks.cardinality() == s.chunkCount
                        && s.chunks.nextSetBit(s.chunkCount) < 0
                        && (expected == null || vectors == expected);
                reports.add(new SetReport(
                        step,
                        task,
                        split,
                        layer,
                        s.dim,
                        s.chunkCount,
                        s.chunks.cardinality(),
                        s.duplicates,
                        vectors,
                        expected,
                        complete));
            });
            reports.sort(Comparator.comparingLong(SetReport::step)
                    .thenComparing(SetReport::probeTask)
                    .thenComparing(SetReport::split)
                    .thenComparingInt(SetReport::layer));
            out.add(new RunReport(run, m, List.copyOf(steps.getOrDefault(run, new TreeSet<>())), reports));
        }
        return out;
    }

    /** The report of one run, if the log has anything of it. */
    public static Optional<RunReport> inspectRun(String bootstrap, String runId) {
        Objects.requireNonNull(runId);
        return inspect(bootstrap, runId).stream().findFirst();
    }
}
