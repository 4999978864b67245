package dev.ftprobe.app.report;

import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.geometry.SetDynamics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The report's tables, as HTML: provenance, the per-layer results (paper Tables 2, 3, 7) and Table 5. */
final class ReportTables {
    private ReportTables() {}

    /** What produced a run: the manifest's model, task, recipe, seed and data, and how each probe task was analysed. */
    static String provenance(RunResults run) {
        StringBuilder t = new StringBuilder("<table class=\"provenance\">\n");
        RunManifest m = run.manifest();
        t.append(Html.row(List.of("run", run.runId())));
        if (m == null) {
            t.append(Html.row(List.of("manifest", "not on ftprobe.runs")));
        } else {
            t.append(Html.row(List.of("model", m.modelSpec())));
            t.append(Html.row(List.of("fine-tuning task", m.fineTuningTask())));
            t.append(Html.row(List.of("probe tasks", String.join(", ", m.probeTasks()))));
            StringBuilder recipe = new StringBuilder();
            m.settingsText()
                    .forEach((k, v) -> recipe.append(recipe.length() == 0 ? "" : ", ")
                            .append(k)
                            .append('=')
                            .append(v));
            t.append(Html.row(List.of("recipe", recipe.toString())));
            t.append(Html.row(List.of("seed", Long.toString(m.seed()))));
            t.append(Html.row(List.of("data fingerprint (sha256)", m.datasetFingerprint())));
            t.append(Html.row(List.of("layers extracted", m.layers().toString())));
            t.append(Html.row(List.of("split sizes", m.splitSizes().toString())));
            t.append(Html.row(List.of("code version", m.codeVersion())));
            t.append(Html.row(List.of("created", m.createdAt().toString())));
        }
        for (ProbeResults p : run.probes()) {
            t.append(Html.row(List.of(
                    "analysis " + p.settings().analysisId() + ", probe task " + p.probeTask(),
                    p.settings().describe())));
        }
        return t.append("</table>\n").toString();
    }

    /**
     * Per layer, first step → last step: clusters of each split (labels beside them: equal means linear), train-vs-test
     * similarity, the figure split's mean minimum distance and its similarity to step 0 at the last step.
     */
    static String layers(ProbeResults p) {
        TreeSet<String> splits = new TreeSet<>();
        p.dynamics()
                .values()
                .forEach(steps -> steps.forEach(d -> splits.addAll(d.splits().keySet())));
        List<String> head = new ArrayList<>(List.of("layer", "steps"));
        for (String s : splits) {
            head.add(s + " labels");
            head.add(s + " clusters");
        }
        head.addAll(List.of(
                "train-vs-test similarity",
                p.split() + " mean min distance",
                p.split() + " similarity to step 0 (last)"));
        StringBuilder t = new StringBuilder("<table class=\"layers\">\n").append(Html.head(head));
        p.dynamics().forEach((layer, steps) -> {
            StepDynamics first = steps.get(0);
            StepDynamics last = steps.get(steps.size() - 1);
            List<String> cells = new ArrayList<>(List.of(layer.toString(), Html.arrow(first.step(), last.step())));
            for (String s : splits) {
                SetDynamics f = ProbeResults.of(first, s);
                SetDynamics e = ProbeResults.of(last, s);
                cells.add(e == null ? Html.NONE : Integer.toString(e.labels()));
                cells.add(Html.arrow(f == null ? Html.NONE : f.clusters(), e == null ? Html.NONE : e.clusters()));
            }
            cells.add(Html.arrow(Html.num(first.trainTestSimilarity()), Html.num(last.trainTestSimilarity())));
            SetDynamics f = p.first(layer);
            SetDynamics e = p.last(layer);
            cells.add(Html.arrow(
                    Html.num(f == null ? null : f.meanMinDistance()),
                    Html.num(e == null ? null : e.meanMinDistance())));
            cells.add(Html.num(e == null ? null : e.similarityToBaseline()));
            t.append(Html.row(cells));
        });
        return t.append("</table>\n").toString();
    }

    /**
     * Table 5: per run, probe task and layer, the labels whose minimum distance grew and shrank, and the mean change;
     * beside it the classifier probe's mean test accuracy at the layer's first and last step, where they were probed.
     */
    static String minDistanceChanges(List<RunResults> runs) {
        StringBuilder t = new StringBuilder("<table class=\"table5\">\n")
                .append(Html.head(List.of(
                        "fine-tuned on",
                        "probe task",
                        "run",
                        "layer",
                        "labels",
                        "min distance grew",
                        "min distance shrank",
                        "mean change",
                        "probe accuracy (MLP, test)")));
        for (RunResults run : runs) {
            for (ProbeResults p : run.probes()) {
                for (Map.Entry<Integer, List<StepDynamics>> e : p.dynamics().entrySet()) {
                    SetDynamics last = p.last(e.getKey());
                    if (last == null) {
                        continue;
                    }
                    MinDistanceChanges c = MinDistanceChanges.of(last);
                    t.append(Html.row(List.of(
                            run.fineTuningTask(),
                            p.probeTask(),
                            run.runId(),
                            e.getKey().toString(),
                            Integer.toString(c.labels()),
                            Integer.toString(c.grew()),
                            Integer.toString(c.shrank()),
                            Html.signed(c.meanChange()),
                            Html.arrow(
                                    accuracy(e.getValue().get(0)),
                                    accuracy(e.getValue().get(e.getValue().size() - 1))))));
                }
            }
        }
        return t.append("</table>\n").toString();
    }

    /** The classifier probe's mean test accuracy at a step, or a dash where the step was not probed. */
    private static String accuracy(StepDynamics step) {
        return step.probe() == null ? Html.NONE : Html.num(step.probe().mlpMean());
    }
}
