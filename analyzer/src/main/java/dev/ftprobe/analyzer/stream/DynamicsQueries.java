package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.StepDynamics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers the HTTP queries from the {@value AnalyzerTopology#DYNAMICS_STORE} store (keys {@code run/task/layer/step}):
 * the runs with their series, and a run's dynamics. The store comes from a supplier so that the same code serves a
 * running application (interactive queries) and tests.
 */
public final class DynamicsQueries {
    private final Supplier<ReadOnlyKeyValueStore<String, StepDynamics>> store;

    public DynamicsQueries(Supplier<ReadOnlyKeyValueStore<String, StepDynamics>> store) {
        this.store = store;
    }

    /** One (probe task, layer) series of a run, as {@code /runs} lists it. */
    public record Series(String task, int layer, int steps, long firstStep, long lastStep) {}

    /** A run and its series, as {@code /runs} lists it. */
    public record Run(String runId, List<Series> series) {}

    /** Every run with dynamics, ordered by id; their series ordered by task and layer. */
    public List<Run> runs() {
        Map<String, Map<String, long[]>> byRun = new TreeMap<>();
        try (KeyValueIterator<String, StepDynamics> it = store.get().all()) {
            while (it.hasNext()) {
                StepDynamics d = it.next().value;
                String series = d.probeTask() + '\u0000' + String.format("%010d", d.layer());
                long[] s = byRun.computeIfAbsent(d.runId(), r -> new TreeMap<>())
                        .computeIfAbsent(series, k -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
                s[0]++;
                s[1] = Math.min(s[1], d.step());
                s[2] = Math.max(s[2], d.step());
            }
        }
        List<Run> runs = new ArrayList<>();
        byRun.forEach((run, series) -> {
            List<Series> list = new ArrayList<>();
            series.forEach((k, s) -> {
                int sep = k.indexOf('\u0000');
                list.add(new Series(
                        k.substring(0, sep), Integer.parseInt(k.substring(sep + 1)), (int) s[0], s[1], s[2]));
            });
            runs.add(new Run(run, list));
        });
        return runs;
    }

    /**
     * The dynamics of a run, ordered by task, layer and step; only of {@code task} and {@code layer} where given. Empty
     * when the run has none.
     */
    public List<StepDynamics> dynamics(String runId, Optional<String> task, Optional<Integer> layer) {
        String prefix = runId
                + '/'
                + task.map(t -> t + '/' + layer.map(l -> l + "/").orElse("")).orElse("");
        Map<String, StepDynamics> sorted = new TreeMap<>();
        try (KeyValueIterator<String, StepDynamics> it = store.get().prefixScan(prefix, new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, StepDynamics> kv = it.next();
                StepDynamics d = kv.value;
                if (layer.isPresent() && d.layer() != layer.get()) {
                    continue;
                }
                sorted.put(d.probeTask() + '\u0000' + String.format("%010d/%019d", d.layer(), d.step()), d);
            }
        }
        return new ArrayList<>(new LinkedHashMap<>(sorted).values());
    }
}
