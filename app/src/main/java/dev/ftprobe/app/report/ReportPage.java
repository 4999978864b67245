package dev.ftprobe.app.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The report as one self-contained HTML page: no script, style or font from the network, every figure an inline SVG.
 * Its one script checks, once the page has loaded, that every figure drew data items, marks each figure with the count
 * ({@code data-items}) and reports a figure without any as a console error: what the browser test reads.
 */
final class ReportPage {
    private static final String STYLE = """
            body { font-family: sans-serif; margin: 2em auto; max-width: 1400px; color: #222; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
            th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
            th { background: #f3f3f3; }
            figure { margin: 1em 0 2em; }
            figure svg { max-width: 100%; height: auto; border: 1px solid #eee; }
            figcaption { font-size: 0.9em; color: #444; max-width: 60em; }
            .missing { color: #a33; }
            """;
    /** Counts each figure's data items: the groups JFreeChart's element hints open around every plotted item. */
    private static final String CHECK = """
            window.addEventListener('load', () => {
              let figures = document.querySelectorAll('figure.plot');
              let empty = [];
              figures.forEach(f => {
                let items = Array.from(f.querySelectorAll('svg g')).filter(g => {
                  let ref = g.getAttribute('jfreesvg:ref') || '';
                  let drawn = g.querySelector('path, line, polyline, polygon, rect, circle, ellipse');
                  return ref.includes('"seriesKey"') && drawn;
                }).length;
                f.dataset.items = items;
                if (items === 0) { empty.push(f.id); }
              });
              document.body.dataset.figures = figures.length;
              if (empty.length > 0) { console.error('figures without plotted items: ' + empty.join(', ')); }
            });
            """;

    private ReportPage() {}

    /**
     * The page. {@code figures} by (run, probe task) key in the order of {@code runs}' probes.
     *
     * @param runs what was read
     * @param figures each probe's figures, keyed by {@link #key}
     * @param analysisId the analysis read
     */
    static String html(List<RunResults> runs, Map<String, List<Figure>> figures, String analysisId) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>ftprobe report</title>\n<style>\n")
                .append(STYLE)
                .append("</style>\n<script>\n")
                .append(CHECK)
                .append("</script>\n</head>\n<body>\n<h1>ftprobe report</h1>\n<p>Analysis <code>")
                .append(Html.esc(analysisId))
                .append("</code>, ")
                .append(runs.size())
                .append(" run(s), drawn ")
                .append(Html.esc(Instant.now().toString()))
                .append(" from the retained topics. Distances are Euclidean distances between label clusters' convex "
                        + "hulls in the layer's representation space; similarities are Pearson correlations of label "
                        + "distance vectors, undefined (–) where a side is not linearly separable (METHOD.md §4). "
                        + "The classifier probe's test accuracy (paper, Tables 2 and 7; METHOD.md §6) is beside Table "
                        + "5, at the steps and layers the analysis probed (--probe-steps, --probe-layers).</p>\n");
        h.append("<h2>Table 5: minimum distances, step 0 → last step</h2>\n<p>Per run, probe task and layer (figure "
                        + "split), the labels whose minimum distance grew and shrank, the mean change and the "
                        + "classifier probe's accuracy first → last (– where not probed); a cross-task run is one "
                        + "whose probe task differs from its fine-tuning task.</p>\n")
                .append(ReportTables.minDistanceChanges(runs));
        for (RunResults run : runs) {
            h.append("<section class=\"run\">\n<h2>Run ")
                    .append(Html.esc(run.runId()))
                    .append("</h2>\n");
            h.append("<h3>Provenance</h3>\n").append(ReportTables.provenance(run));
            for (ProbeResults p : run.probes()) {
                h.append("<h3>Probe task ")
                        .append(Html.esc(p.probeTask()))
                        .append(" (fine-tuned on ")
                        .append(Html.esc(run.fineTuningTask()))
                        .append(")</h3>\n<p>Clusters and similarities, first step → last step (paper, Tables 2, 3, "
                                + "7); clusters equal to labels mean linearly separable.</p>\n")
                        .append(ReportTables.layers(p));
                for (Figure f : figures.get(key(p))) {
                    h.append(figure(f));
                }
            }
            h.append("</section>\n");
        }
        return h.append("</body>\n</html>\n").toString();
    }

    static String key(ProbeResults p) {
        return p.runId() + "/" + p.probeTask();
    }

    private static String figure(Figure f) {
        if (f.svg() == null) {
            return "<p class=\"missing\" id=\"" + Html.esc(f.id()) + "\"><b>" + Html.esc(f.title())
                    + "</b>: not drawn, " + Html.esc(f.missing()) + ".</p>\n";
        }
        return "<figure class=\"plot\" id=\"" + Html.esc(f.id()) + "-figure\">\n" + f.svg() + "\n<figcaption><b>"
                + Html.esc(f.title()) + "</b>. " + Html.esc(f.caption()) + " File: <a href=\"figures/"
                + Html.esc(f.fileName()) + "\">figures/" + Html.esc(f.fileName()) + "</a>.</figcaption>\n</figure>\n";
    }
}
