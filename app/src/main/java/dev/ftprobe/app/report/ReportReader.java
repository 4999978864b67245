package dev.ftprobe.app.report;

import dev.ftprobe.analyzer.results.AnalyzerCodecs;
import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.topics.RunLog;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.geometry.GeometryResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what a report shows from the retained topics: the analysis' dynamics and geometry topics and the runs topic, so
 * that a report can be drawn from any replay, long after the run.
 */
final class ReportReader {
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    private ReportReader() {}

    /**
     * The runs with dynamics under {@code analysisId}, in run id order; only {@code runIds} when it is not empty.
     * Within a (run, probe task, layer, step) or a set key the last record wins: a replayed duplicate carries the same
     * bytes.
     */
    static List<RunResults> read(String bootstrap, String analysisId, Collection<String> runIds) {
        Set<String> wanted = new TreeSet<>(runIds);
        // run -> probe task -> layer -> step
        Map<String, Map<String, Map<Integer, TreeMap<Long, StepDynamics>>>> dynamics = new TreeMap<>();
        readAll(bootstrap, analysisId, Topics.AnalysisOutput.DYNAMICS, AnalyzerCodecs.STEP_DYNAMICS::decode, d -> {
            if (wanted.isEmpty() || wanted.contains(d.runId())) {
                dynamics.computeIfAbsent(d.runId(), r -> new TreeMap<>())
                        .computeIfAbsent(d.probeTask(), t -> new TreeMap<>())
                        .computeIfAbsent(d.layer(), l -> new TreeMap<>())
                        .put(d.step(), d);
            }
        });
        // run/probe task/split -> layer -> step
        Map<String, NavigableMap<Integer, NavigableMap<Long, GeometryResult>>> geometry = new TreeMap<>();
        Map<String, SetGeometry> firstSet = new TreeMap<>();
        Map<String, Set<String>> splits = new TreeMap<>();
        readAll(bootstrap, analysisId, Topics.AnalysisOutput.GEOMETRY, AnalyzerCodecs.SET_GEOMETRY::decode, g -> {
            if (!dynamics.containsKey(g.runId())) {
                return;
            }
            String probe = g.runId() + "/" + g.probeTask();
            firstSet.putIfAbsent(probe, g);
            splits.computeIfAbsent(probe, p -> new TreeSet<>()).add(g.split());
            geometry.computeIfAbsent(probe + "/" + g.split(), k -> new TreeMap<>())
                    .computeIfAbsent(g.layer(), l -> new TreeMap<>())
                    .put(g.step(), g.geometry());
        });
        Map<String, RunManifest> manifests = RunLog.manifests(bootstrap);
        List<RunResults> runs = new ArrayList<>();
        dynamics.forEach((run, byTask) -> {
            List<ProbeResults> probes = new ArrayList<>();
            byTask.forEach((task, byLayer) -> {
                NavigableMap<Integer, List<StepDynamics>> layers = new TreeMap<>();
                byLayer.forEach((layer, steps) -> layers.put(layer, new ArrayList<>(steps.values())));
                String split = ProbeResults.figureSplit(layers);
                String probe = run + "/" + task;
                AnalysisSettings settings = settings(analysisId, firstSet.get(probe), splits.get(probe));
                probes.add(new ProbeResults(
                        run,
                        task,
                        split,
                        layers,
                        geometry.getOrDefault(probe + "/" + split, new TreeMap<>()),
                        settings));
            });
            runs.add(new RunResults(run, manifests.get(run), probes));
        });
        return runs;
    }

    private static AnalysisSettings settings(String analysisId, SetGeometry first, Set<String> splits) {
        if (first == null) {
            return new AnalysisSettings(analysisId, "unknown (no geometry records)", null, null, List.of());
        }
        return new AnalysisSettings(
                analysisId,
                first.method(),
                first.tracking() == null ? null : first.tracking().conventions(),
                first.sample(),
                List.copyOf(splits));
    }

    private static <T> void readAll(
            String bootstrap,
            String analysisId,
            Topics.AnalysisOutput output,
            Function<byte[], T> decode,
            Consumer<T> sink) {
        String topic = Topics.analysisTopicName(analysisId, output);
        RunLog.readToEnd(
                bootstrap,
                topic,
                new StringDeserializer(),
                new ByteArrayDeserializer(),
                READ_TIMEOUT,
                r -> sink.accept(decode.apply(r.value())));
    }
}
