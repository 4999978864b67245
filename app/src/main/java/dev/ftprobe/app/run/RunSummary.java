package dev.ftprobe.app.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftprobe.geometry.Movement;
import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.analyzer.results.AnalyzerCodecs;
import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.analyzer.results.StepDynamics.SplitDynamics;
import dev.ftprobe.events.codec.JsonCodec;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.events.topics.RunLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a finished run shows: per layer and split, the clusters and each label's minimum distance at the
 * first and the last analysed step, and the similarities. Built from the analyzer's dynamics topic, so
 * the summary says exactly what the stream computed.
 */
final class RunSummary {
    /** Dynamics per layer, each layer's steps in ascending order. */
    private final String runId;
    private final String probeTask;
    private final TreeMap<Integer, List<StepDynamics>> byLayer;
    private final IntFunction<String> labelName;
    /** The per-label sample the dynamics were computed on (null: every point), as they record it. */
    private final SetGeometry.Sample sample;

    private RunSummary(String runId, String probeTask, TreeMap<Integer, List<StepDynamics>> byLayer,
            IntFunction<String> labelName) {
        this.runId = runId;
        this.probeTask = probeTask;
        this.byLayer = byLayer;
        this.labelName = labelName;
        this.sample = byLayer.values().stream().flatMap(List::stream).flatMap(d -> d.splits().values().stream())
                .map(SplitDynamics::sample).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** Reads every committed dynamics record of {@code runId} and {@code probeTask} under {@code analysisId}. */
    static RunSummary read(String bootstrap, String analysisId, String runId, String probeTask,
            IntFunction<String> labelName) {
        String topic = Topics.analysisTopicName(analysisId, Topics.AnalysisOutput.DYNAMICS);
        // The last record per (layer, step) wins: a replayed duplicate carries identical bytes.
        TreeMap<Integer, TreeMap<Long, StepDynamics>> seen = new TreeMap<>();
        RunLog.readToEnd(bootstrap, topic, new StringDeserializer(), new ByteArrayDeserializer(), Duration.ofMinutes(2), r -> {
            StepDynamics d = AnalyzerCodecs.STEP_DYNAMICS.decode(r.value());
            if (d.runId().equals(runId) && d.probeTask().equals(probeTask)) {
                seen.computeIfAbsent(d.layer(), l -> new TreeMap<>()).put(d.step(), d);
            }
        });
        TreeMap<Integer, List<StepDynamics>> byLayer = new TreeMap<>();
        seen.forEach((layer, steps) -> byLayer.put(layer, new ArrayList<>(steps.values())));
        return new RunSummary(runId, probeTask, byLayer, labelName);
    }

    boolean isEmpty() {
        return byLayer.isEmpty();
    }

    ObjectNode toJson() {
        ObjectNode root = JsonCodec.mapper().createObjectNode();
        root.put("run", runId);
        root.put("probe_task", probeTask);
        if (sample != null) {
            ObjectNode sm = root.putObject("sample");
            sm.put("max_points_per_label", sample.maxPerLabel());
            sm.put("seed", sample.seed());
        }
        ObjectNode layers = root.putObject("layers");
        byLayer.forEach((layer, steps) -> {
            StepDynamics first = steps.get(0);
            StepDynamics last = steps.get(steps.size() - 1);
            ObjectNode l = layers.putObject(Integer.toString(layer));
            l.put("first_step", first.step());
            l.put("last_step", last.step());
            ArrayNode stepList = l.putArray("steps");
            steps.forEach(s -> stepList.add(s.step()));
            putNullable(l, "train_test_similarity_first", first.trainTestSimilarity());
            putNullable(l, "train_test_similarity_last", last.trainTestSimilarity());
            ObjectNode splits = l.putObject("splits");
            for (String split : last.splits().keySet()) {
                SplitDynamics f = first.splits().get(split);
                SplitDynamics e = last.splits().get(split);
                ObjectNode s = splits.putObject(split);
                s.put("labels", e.labels());
                if (f != null) {
                    s.put("clusters_first", f.clusters());
                }
                s.put("clusters_last", e.clusters());
                putNullable(s, "mean_min_distance_first", f == null ? null : f.meanMinDistance());
                putNullable(s, "mean_min_distance_last", e.meanMinDistance());
                putNullable(s, "similarity_to_original_last", e.similarityToBaseline());
                if (e.similarityToBaselineUndefined() != null) {
                    s.put("similarity_to_original_undefined", e.similarityToBaselineUndefined());
                }
                ObjectNode labels = s.putObject("label_min_distance");
                Map<String, Double> before = f == null ? Map.of() : named(f.labelMinDistance());
                for (var entry : named(e.labelMinDistance()).entrySet()) {
                    ObjectNode ln = labels.putObject(entry.getKey());
                    putNullable(ln, "first", before.get(entry.getKey()));
                    putNullable(ln, "last", entry.getValue());
                }
                putMovementPaths(s, steps, split);
            }
        });
        return root;
    }

    String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("# ftprobe run ").append(runId).append("\n\n");
        md.append("Probe task `").append(probeTask).append("`. Distances are Euclidean distances between label ")
                .append("clusters' convex hulls (METHOD §4); similarity is the Pearson correlation of distance ")
                .append("vectors, undefined (–) where a side is not linear. Each label's centroid movement ")
                .append("from the first step, projected to 2-D by PCA, is in `summary.json` (`movement_2d`).\n");
        if (sample != null) {
            md.append("\nEach set was analysed on a seeded sample (seed ").append(sample.seed()).append(") of at most ")
                    .append(sample.maxPerLabel()).append(" points per label, the same examples at every step; ")
                    .append("cluster counts of a sample are not comparable with the full set's.\n");
        }
        byLayer.forEach((layer, steps) -> {
            StepDynamics first = steps.get(0);
            StepDynamics last = steps.get(steps.size() - 1);
            md.append("\n## Layer ").append(layer).append(" (steps ").append(first.step()).append(" → ")
                    .append(last.step()).append(")\n\n");
            md.append("Train-vs-test similarity: ").append(fmt(first.trainTestSimilarity())).append(" → ")
                    .append(fmt(last.trainTestSimilarity())).append("\n\n");
            md.append("| split | labels | clusters | mean min distance | similarity to step ")
                    .append(first.step()).append(" |\n|---|---:|---:|---:|---:|\n");
            for (String split : last.splits().keySet()) {
                SplitDynamics f = first.splits().get(split);
                SplitDynamics e = last.splits().get(split);
                md.append("| ").append(split).append(" | ").append(e.labels()).append(" | ")
                        .append(f == null ? "–" : f.clusters()).append(" → ").append(e.clusters()).append(" | ")
                        .append(fmt(f == null ? null : f.meanMinDistance())).append(" → ")
                        .append(fmt(e.meanMinDistance())).append(" | ").append(fmt(e.similarityToBaseline()))
                        .append(" |\n");
            }
            for (String split : last.splits().keySet()) {
                SplitDynamics f = first.splits().get(split);
                SplitDynamics e = last.splits().get(split);
                md.append("\nEach label's minimum distance, ").append(split).append(":\n\n")
                        .append("| label | step ").append(first.step()).append(" | step ").append(last.step())
                        .append(" |\n|---|---:|---:|\n");
                Map<String, Double> before = f == null ? Map.of() : named(f.labelMinDistance());
                named(e.labelMinDistance()).forEach((label, d) -> md.append("| ").append(label).append(" | ")
                        .append(fmt(before.get(label))).append(" | ").append(fmt(d)).append(" |\n"));
            }
        });
        return md.toString();
    }

    /**
     * {@code movement_2d}: each label's centroid movement from the baseline at every step, projected to
     * 2-D by one PCA over all labels and steps of this layer and split (METHOD.md §5); absent when fewer
     * than two movements are known.
     */
    private void putMovementPaths(ObjectNode splitNode, List<StepDynamics> steps, String split) {
        Map<String, List<double[]>> paths = new TreeMap<>();
        int rows = 0;
        for (int k = 0; k < steps.size(); k++) {
            SplitDynamics sd = steps.get(k).splits().get(split);
            if (sd == null) {
                continue;
            }
            for (var e : sd.centroidMovement().entrySet()) {
                String label = labelName.apply(Integer.parseInt(e.getKey()));
                List<double[]> path = paths.computeIfAbsent(label, l -> new ArrayList<>(Collections.nCopies(steps.size(), null)));
                path.set(k, e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
                rows++;
            }
        }
        if (rows < 2) {
            return;
        }
        ObjectNode node = splitNode.putObject("movement_2d");
        ArrayNode stepList = node.putArray("steps");
        steps.forEach(d -> stepList.add(d.step()));
        ObjectNode labels = node.putObject("labels");
        Movement.paths2d(paths).forEach((label, path) -> {
            ArrayNode points = labels.putArray(label);
            for (double[] p : path) {
                if (p == null) {
                    points.addNull();
                } else {
                    points.addArray().add(p[0]).add(p[1]);
                }
            }
        });
    }

    /** Writes {@code summary.json} and {@code summary.md} into {@code dir}, each atomically. */
    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeAtomically(dir.resolve("summary.json"),
                JsonCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n");
        writeAtomically(dir.resolve("summary.md"), toMarkdown());
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The analyzer keys labels by their id; the summary names them, in label-name order. */
    private TreeMap<String, Double> named(Map<String, Double> byId) {
        TreeMap<String, Double> out = new TreeMap<>();
        byId.forEach((id, d) -> out.put(labelName.apply(Integer.parseInt(id)), d));
        return out;
    }

    private static void putNullable(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static String fmt(Double d) {
        return d == null ? "–" : String.format(java.util.Locale.ROOT, "%.4f", d);
    }
}
