package dev.ftprobe.app.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftprobe.analyzer.results.AnalyzerCodecs;
import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.analyzer.results.StepDynamics.SplitDynamics;
import dev.ftprobe.analyzer.results.StepProbe;
import dev.ftprobe.app.report.MinDistanceChanges;
import dev.ftprobe.events.codec.JsonCodec;
import dev.ftprobe.events.topics.RunLog;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.geometry.LabelDynamics;
import dev.ftprobe.geometry.Movement;
import dev.ftprobe.geometry.SetDynamics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a finished run shows for one of its probe tasks: per layer and split, the clusters and each label's minimum
 * distance at the first and the last analysed step, Table 5's counts, and the similarities, labels named and in the
 * task's label order. Built from the analyzer's dynamics topic, so the summary says exactly what the stream computed.
 */
final class RunSummary {
    /** Dynamics per layer, each layer's steps in ascending order. */
    private final String runId;

    private final String probeTask;
    private final TreeMap<Integer, List<StepDynamics>> byLayer;
    /** The per-label sample the dynamics were computed on (null: every point), as they record it. */
    private final SetGeometry.Sample sample;
    /** Seconds from each checkpoint's event to its dynamics being committed, by step ({@link CheckpointLags}). */
    private final SortedMap<Long, Double> lagSeconds;

    private RunSummary(
            String runId,
            String probeTask,
            TreeMap<Integer, List<StepDynamics>> byLayer,
            SortedMap<Long, Double> lagSeconds) {
        this.runId = runId;
        this.probeTask = probeTask;
        this.byLayer = byLayer;
        this.lagSeconds = lagSeconds;
        this.sample = byLayer.values().stream()
                .flatMap(List::stream)
                .flatMap(d -> d.splits().values().stream())
                .map(SplitDynamics::sample)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    /**
     * Reads every committed dynamics record of {@code runId} under {@code analysisId}, one summary per probe task in
     * the order of {@code probeTasks} (a task without dynamics gives an {@link #isEmpty() empty} one). The topics are
     * read once, whatever the number of probe tasks.
     */
    static List<RunSummary> read(String bootstrap, String analysisId, String runId, List<String> probeTasks) {
        String topic = Topics.analysisTopicName(analysisId, Topics.AnalysisOutput.DYNAMICS);
        // The last record per (probe task, layer, step) wins: a replayed duplicate carries identical bytes.
        Map<String, TreeMap<Integer, TreeMap<Long, StepDynamics>>> seen = new LinkedHashMap<>();
        Map<String, CheckpointLags> lags = new LinkedHashMap<>();
        for (String task : probeTasks) {
            seen.put(task, new TreeMap<>());
            lags.put(task, new CheckpointLags());
        }
        RunLog.readToEnd(bootstrap, topic, new StringDeserializer(), new ByteArrayDeserializer(), READ_TIMEOUT, r -> {
            StepDynamics d = AnalyzerCodecs.STEP_DYNAMICS.decode(r.value());
            if (d.runId().equals(runId) && seen.containsKey(d.probeTask())) {
                StepDynamics before = seen.get(d.probeTask())
                        .computeIfAbsent(d.layer(), l -> new TreeMap<>())
                        .put(d.step(), d);
                lags.get(d.probeTask()).dynamicsRecord(d.step(), r.timestamp(), before == null);
            }
        });
        Map<Long, Long> checkpointTimes = CheckpointLags.checkpointTimes(bootstrap, runId, READ_TIMEOUT);
        List<RunSummary> out = new ArrayList<>();
        seen.forEach((task, layers) -> {
            TreeMap<Integer, List<StepDynamics>> byLayer = new TreeMap<>();
            layers.forEach((layer, steps) -> byLayer.put(layer, new ArrayList<>(steps.values())));
            out.add(new RunSummary(runId, task, byLayer, lags.get(task).seconds(checkpointTimes)));
        });
        return out;
    }

    String probeTask() {
        return probeTask;
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
        ObjectNode lags = root.putObject("lag_seconds");
        lagSeconds.forEach((step, s) -> lags.put(Long.toString(step), s));
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
            putProbes(l, steps);
            ObjectNode splits = l.putObject("splits");
            for (String split : last.splits().keySet()) {
                SetDynamics f = dynamics(first, split);
                SetDynamics e = dynamics(last, split);
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
                putMinDistanceChange(s, e);
                ObjectNode labels = s.putObject("label_min_distance");
                for (LabelDynamics ld : e.labelDynamics()) {
                    if (ld.minDistance() != null) {
                        ObjectNode ln = labels.putObject(ld.name());
                        putNullable(ln, "first", minDistance(f, ld.id()));
                        putNullable(ln, "last", ld.minDistance());
                    }
                }
                putMovementPaths(s, steps, split);
            }
        });
        return root;
    }

    /** {@code summary.md} of a run with this one probe task. */
    String toMarkdown() {
        return "# ftprobe run " + runId + "\n\n" + markdownBody("##");
    }

    /**
     * This probe task's part of {@code summary.md}: what the numbers are, the lag, Table 5 and one section per layer,
     * headed by {@code heading} ({@code ##} in a run's own file, {@code ###} under a probe task's section).
     */
    String markdownBody(String heading) {
        StringBuilder md = new StringBuilder();
        md.append("Probe task `")
                .append(probeTask)
                .append("`. Distances are Euclidean distances between label ")
                .append("clusters' convex hulls (METHOD §4); similarity is the Pearson correlation of distance ")
                .append("vectors, undefined (–) where a side is not linear. Each label's centroid movement ")
                .append("from the first step, projected to 2-D by PCA, is in `summary.json` (`movement_2d`).\n");
        if (sample != null) {
            md.append("\nEach set was analysed on a seeded sample (seed ")
                    .append(sample.seed())
                    .append(") of at most ")
                    .append(sample.maxPerLabel())
                    .append(" points per label, the same examples at every step; ")
                    .append("cluster counts of a sample are not comparable with the full set's.\n");
        }
        if (!lagSeconds.isEmpty()) {
            md.append("\nLag, the seconds from each checkpoint's event to its dynamics being committed: ");
            StringBuilder list = new StringBuilder();
            lagSeconds.forEach((step, s) -> list.append(list.length() == 0 ? "" : ", ")
                    .append("step ")
                    .append(step)
                    .append(String.format(Locale.ROOT, " %.1f s", s)));
            md.append(list).append(".\n");
        }
        appendMinDistanceChanges(md);
        byLayer.forEach((layer, steps) -> {
            StepDynamics first = steps.get(0);
            StepDynamics last = steps.get(steps.size() - 1);
            md.append("\n")
                    .append(heading)
                    .append(" Layer ")
                    .append(layer)
                    .append(" (steps ")
                    .append(first.step())
                    .append(" → ")
                    .append(last.step())
                    .append(")\n\n");
            md.append("Train-vs-test similarity: ")
                    .append(fmt(first.trainTestSimilarity()))
                    .append(" → ")
                    .append(fmt(last.trainTestSimilarity()))
                    .append("\n\n");
            md.append("| split | labels | clusters | mean min distance | similarity to step ")
                    .append(first.step())
                    .append(" |\n|---|---:|---:|---:|---:|\n");
            for (String split : last.splits().keySet()) {
                SetDynamics f = dynamics(first, split);
                SetDynamics e = dynamics(last, split);
                md.append("| ")
                        .append(split)
                        .append(" | ")
                        .append(e.labels())
                        .append(" | ")
                        .append(f == null ? "–" : f.clusters())
                        .append(" → ")
                        .append(e.clusters())
                        .append(" | ")
                        .append(fmt(f == null ? null : f.meanMinDistance()))
                        .append(" → ")
                        .append(fmt(e.meanMinDistance()))
                        .append(" | ")
                        .append(fmt(e.similarityToBaseline()))
                        .append(" |\n");
            }
            for (String split : last.splits().keySet()) {
                SetDynamics f = dynamics(first, split);
                SetDynamics e = dynamics(last, split);
                md.append("\nEach label's minimum distance, ")
                        .append(split)
                        .append(":\n\n")
                        .append("| label | step ")
                        .append(first.step())
                        .append(" | step ")
                        .append(last.step())
                        .append(" |\n|---|---:|---:|\n");
                for (LabelDynamics ld : e.labelDynamics()) {
                    if (ld.minDistance() != null) {
                        md.append("| ")
                                .append(ld.name())
                                .append(" | ")
                                .append(fmt(minDistance(f, ld.id())))
                                .append(" | ")
                                .append(fmt(ld.minDistance()))
                                .append(" |\n");
                    }
                }
            }
        });
        return md.toString();
    }

    /**
     * The paper's Table 5 for this probe task: per layer and split, the labels whose minimum distance grew and shrank
     * from step 0 to the last step and the mean change, with the classifier probe's test accuracy of the layer's first
     * and last step beside it where they were probed.
     */
    private void appendMinDistanceChanges(StringBuilder md) {
        md.append("\nMinimum distances from step 0 to the last step (the paper's Table 5), with the classifier ")
                .append("probe's mean test accuracy (– where the step was not probed, ")
                .append("`--probe-steps`, `--probe-layers`):\n\n")
                .append("| layer | split | labels | grew | shrank | mean change | probe accuracy first → last |\n")
                .append("|---:|---|---:|---:|---:|---:|---:|\n");
        byLayer.forEach((layer, steps) -> {
            StepDynamics first = steps.get(0);
            StepDynamics last = steps.get(steps.size() - 1);
            for (String split : last.splits().keySet()) {
                MinDistanceChanges c = MinDistanceChanges.of(dynamics(last, split));
                md.append("| ")
                        .append(layer)
                        .append(" | ")
                        .append(split)
                        .append(" | ")
                        .append(c.labels())
                        .append(" | ")
                        .append(c.grew())
                        .append(" | ")
                        .append(c.shrank())
                        .append(" | ")
                        .append(c.meanChange() == null ? "–" : String.format(Locale.ROOT, "%+.4f", c.meanChange()))
                        .append(" | ")
                        .append(accuracy(first))
                        .append(" → ")
                        .append(accuracy(last))
                        .append(" |\n");
            }
        });
    }

    /** The classifier probe's mean test accuracy at a step, or a dash where it was not probed. */
    private static String accuracy(StepDynamics step) {
        return step.probe() == null
                ? "–"
                : String.format(Locale.ROOT, "%.4f", step.probe().mlpMean());
    }

    /**
     * {@code min_distance_change}: the paper's Table 5 for this split, the labels whose minimum distance grew and
     * shrank from step 0 to the last step and the mean change ({@link MinDistanceChanges}).
     */
    private static void putMinDistanceChange(ObjectNode splitNode, SetDynamics last) {
        MinDistanceChanges c = MinDistanceChanges.of(last);
        ObjectNode n = splitNode.putObject("min_distance_change");
        n.put("labels", c.labels());
        n.put("grew", c.grew());
        n.put("shrank", c.shrank());
        putNullable(n, "mean", c.meanChange());
    }

    /** The probes of the steps that have one ({@code --probe-steps}), by step: absent when none has. */
    private static void putProbes(ObjectNode layerNode, List<StepDynamics> steps) {
        ObjectNode probes = null;
        for (StepDynamics d : steps) {
            StepProbe p = d.probe();
            if (p == null) {
                continue;
            }
            if (probes == null) {
                probes = layerNode.putObject("probe");
            }
            ObjectNode n = probes.putObject(Long.toString(d.step()));
            n.put("grid", p.grid());
            ObjectNode best = n.putObject("best");
            ArrayNode hidden = best.putArray("hidden");
            p.hidden().forEach(hidden::add);
            best.put("alpha", p.alpha());
            ObjectNode mlp = n.putObject("test_accuracy");
            mlp.put("mean", p.mlpMean());
            mlp.put("std", p.mlpStd());
            ArrayNode runs = mlp.putArray("runs");
            p.mlpRuns().forEach(runs::add);
            n.put("directprobe_accuracy", p.directProbeAccuracy());
            n.put("directprobe_train_clusters", p.trainClusters());
            ObjectNode unseen = n.putObject("unseen_test_labels");
            p.unseenTestLabels().forEach(unseen::put);
        }
    }

    /**
     * {@code movement_2d}: each label's centroid movement from the baseline at every step, projected to 2-D by one PCA
     * over all labels and steps of this layer and split (METHOD.md §5); absent when fewer than two movements are known.
     */
    private void putMovementPaths(ObjectNode splitNode, List<StepDynamics> steps, String split) {
        // by label id, the task's order, named as the latest step names it
        TreeMap<Integer, List<double[]>> byId = new TreeMap<>();
        TreeMap<Integer, String> names = new TreeMap<>();
        int rows = 0;
        for (int k = 0; k < steps.size(); k++) {
            SetDynamics sd = dynamics(steps.get(k), split);
            if (sd == null) {
                continue;
            }
            for (LabelDynamics ld : sd.labelDynamics()) {
                if (ld.centroidMovement() == null) {
                    continue;
                }
                names.put(ld.id(), ld.name());
                List<double[]> path =
                        byId.computeIfAbsent(ld.id(), l -> new ArrayList<>(Collections.nCopies(steps.size(), null)));
                path.set(
                        k,
                        ld.centroidMovement().stream()
                                .mapToDouble(Double::doubleValue)
                                .toArray());
                rows++;
            }
        }
        if (rows < 2) {
            return;
        }
        Map<String, List<double[]>> paths = new LinkedHashMap<>();
        byId.forEach((id, path) -> paths.put(names.get(id), path));
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

    /**
     * Writes {@code summary.json} and {@code summary.md} of one run into {@code dir}, each atomically. A run with one
     * probe task has that task's summary as the whole file, as before cross-task runs; a run with several has, in
     * {@code summary.json}, {@code run} and {@code probe_tasks}, each probe task's summary by its name, and in
     * {@code summary.md} a section per probe task.
     *
     * @param summaries the run's summaries, one per probe task, as {@link #read} gives them
     */
    static void write(Path dir, List<RunSummary> summaries) throws IOException {
        if (summaries.isEmpty()) {
            throw new IllegalArgumentException("no summary to write");
        }
        Files.createDirectories(dir);
        writeAtomically(
                dir.resolve("summary.json"),
                JsonCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(summaries)) + "\n");
        writeAtomically(dir.resolve("summary.md"), toMarkdown(summaries));
    }

    static ObjectNode toJson(List<RunSummary> summaries) {
        if (summaries.size() == 1) {
            return summaries.get(0).toJson();
        }
        ObjectNode root = JsonCodec.mapper().createObjectNode();
        root.put("run", summaries.get(0).runId);
        ObjectNode tasks = root.putObject("probe_tasks");
        summaries.forEach(s -> tasks.set(s.probeTask, s.toJson()));
        return root;
    }

    static String toMarkdown(List<RunSummary> summaries) {
        if (summaries.size() == 1) {
            return summaries.get(0).toMarkdown();
        }
        StringBuilder md = new StringBuilder("# ftprobe run ")
                .append(summaries.get(0).runId)
                .append("\n\nProbe tasks ");
        for (int i = 0; i < summaries.size(); i++) {
            md.append(i == 0 ? "" : ", ")
                    .append('`')
                    .append(summaries.get(i).probeTask)
                    .append('`');
        }
        md.append(": a section for each.\n");
        for (RunSummary s : summaries) {
            md.append("\n## Probe task `").append(s.probeTask).append("`\n\n").append(s.markdownBody("###"));
        }
        return md.toString();
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

    /** The split's dynamics at a step, or null when the step has none for it. */
    private static SetDynamics dynamics(StepDynamics step, String split) {
        SplitDynamics s = step.splits().get(split);
        return s == null ? null : s.dynamics();
    }

    /** The minimum distance of label {@code id} in {@code d}; null when {@code d} is null or lacks one. */
    private static Double minDistance(SetDynamics d, int id) {
        if (d == null) {
            return null;
        }
        for (LabelDynamics l : d.labelDynamics()) {
            if (l.id() == id) {
                return l.minDistance();
            }
        }
        return null;
    }

    private static void putNullable(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static String fmt(Double d) {
        return d == null ? "–" : String.format(Locale.ROOT, "%.4f", d);
    }
}
