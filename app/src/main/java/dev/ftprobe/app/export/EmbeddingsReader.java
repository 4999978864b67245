package dev.ftprobe.app.export;

import dev.ftprobe.analyzer.stream.AssembledSet;
import dev.ftprobe.analyzer.stream.InvalidSetException;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.codec.EventCodecs;
import dev.ftprobe.events.topics.RunLog;
import dev.ftprobe.events.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the requested sets from the retained embeddings topic (committed records, up to the end offsets found at the
 * start, so it terminates) and assembles each as the analyzer does: its chunks in index order, a redelivered chunk
 * counted once, complete when every chunk index is there. Only the series' own records (and those of topics keyed by
 * run id) are decoded; of the others only the key is looked at, which also tells which tasks and layers the run has.
 */
final class EmbeddingsReader {
    private final SetRequest request;
    private final TreeSet<String> tasks = new TreeSet<>();
    private final TreeSet<Integer> layers = new TreeSet<>();
    private final TreeSet<Long> steps = new TreeSet<>();
    private final TreeSet<String> splitsAtStep = new TreeSet<>();
    private final Map<String, SortedMap<Integer, EmbeddingBatch>> chunks = new LinkedHashMap<>();
    private boolean anyOfRun;

    private EmbeddingsReader(SetRequest request) {
        this.request = request;
        request.splits().forEach(s -> chunks.put(s, new TreeMap<>()));
    }

    /** Whether the embeddings topic holds any record of {@code runId} (read to its current end). */
    static boolean hasRun(String bootstrap, String runId, Duration timeout) {
        EmbeddingsReader r = new EmbeddingsReader(new SetRequest(runId, 0, "none", 0, List.of()));
        r.scan(bootstrap, timeout);
        return r.anyOfRun;
    }

    /**
     * The requested sets by split, in the request's split order.
     *
     * @param expected the number of vectors of each split where known (the run's own task), for the messages
     * @throws ExportException naming what is missing: the run, its layer, step or split, or how much of a set
     */
    static Map<String, AssembledSet> read(
            String bootstrap, SetRequest request, Map<String, Integer> expected, Duration timeout) {
        EmbeddingsReader r = new EmbeddingsReader(request);
        r.scan(bootstrap, timeout);
        return r.assemble(expected);
    }

    private void scan(String bootstrap, Duration timeout) {
        RunLog.readToEnd(
                bootstrap,
                Topics.EMBEDDINGS.name(),
                new StringDeserializer(),
                new ByteArrayDeserializer(),
                timeout,
                this::accept);
    }

    private void accept(ConsumerRecord<String, byte[]> r) {
        String key = r.key();
        if (r.value() == null || key == null) {
            return;
        }
        String prefix = request.runId() + '/';
        if (key.startsWith(prefix)) {
            anyOfRun = true;
            String[] parts = key.split("/");
            if (parts.length == 3) {
                tasks.add(parts[1]);
                if (parts[1].equals(request.probeTask())) {
                    layers.add(parseLayer(parts[2]));
                }
            }
        }
        // chunks keyed by run id come from topics written before chunks were keyed by series
        if (!key.equals(request.seriesKey()) && !key.equals(request.runId())) {
            return;
        }
        EmbeddingBatch b;
        try {
            b = EventCodecs.EMBEDDING_BATCH.decode(r.value());
        } catch (RuntimeException e) {
            return; // not an embedding batch: the dead-letter topic's business, not an export's
        }
        if (!b.runId().equals(request.runId())) {
            return;
        }
        anyOfRun = true;
        tasks.add(b.probeTask());
        if (!b.probeTask().equals(request.probeTask())) {
            return;
        }
        layers.add(b.layer());
        if (b.layer() != request.layer()) {
            return;
        }
        steps.add(b.step());
        if (b.step() != request.step()) {
            return;
        }
        splitsAtStep.add(b.split());
        SortedMap<Integer, EmbeddingBatch> set = chunks.get(b.split());
        if (set != null) {
            set.putIfAbsent(b.chunkIndex(), b); // a redelivered chunk is the same chunk
        }
    }

    private static int parseLayer(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Map<String, AssembledSet> assemble(Map<String, Integer> expected) {
        String run = "run " + request.runId();
        if (!anyOfRun) {
            throw new ExportException(run + " has no embeddings on " + Topics.EMBEDDINGS.name());
        }
        if (!tasks.contains(request.probeTask())) {
            throw new ExportException(
                    run + " has no embeddings of probe task " + request.probeTask() + " (it has " + tasks + ")");
        }
        layers.remove(-1);
        if (!layers.contains(request.layer())) {
            throw new ExportException(run + " has no embeddings of layer " + request.layer() + " for probe task "
                    + request.probeTask() + " (layers present: " + layers + ")");
        }
        if (!steps.contains(request.step())) {
            throw new ExportException(run + " has no embeddings at step " + request.step() + " (layer "
                    + request.layer() + ", probe task " + request.probeTask() + "; steps present: " + steps + ")");
        }
        Map<String, AssembledSet> out = new LinkedHashMap<>();
        for (String split : request.splits()) {
            if (!splitsAtStep.contains(split)) {
                throw new ExportException(run + " has no split " + split + " at step " + request.step() + " (layer "
                        + request.layer() + ", probe task " + request.probeTask() + "; splits present: "
                        + splitsAtStep + ")");
            }
            out.put(split, assemble(split, chunks.get(split), expected.get(split)));
        }
        return out;
    }

    private AssembledSet assemble(String split, SortedMap<Integer, EmbeddingBatch> got, Integer expected) {
        int chunkCount = got.get(got.firstKey()).chunkCount();
        long vectors = got.values().stream().mapToLong(EmbeddingBatch::count).sum();
        if (got.size() != chunkCount || got.lastKey() != chunkCount - 1) {
            throw new ExportException("set " + request.setKey(split) + " is incomplete: " + vectors
                    + (expected == null ? "" : " of " + expected) + " vectors, " + got.size() + " of " + chunkCount
                    + " chunks (missing chunks " + missing(got, chunkCount) + ")");
        }
        try {
            return AssembledSet.of(new ArrayList<>(got.values()));
        } catch (InvalidSetException e) {
            throw new ExportException("set " + request.setKey(split) + " is invalid: " + e.getMessage());
        }
    }

    private static List<Integer> missing(SortedMap<Integer, EmbeddingBatch> got, int chunkCount) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < chunkCount; i++) {
            if (!got.containsKey(i)) {
                out.add(i);
            }
        }
        return out;
    }
}
