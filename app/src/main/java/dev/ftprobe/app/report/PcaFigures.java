package dev.ftprobe.app.report;

import dev.ftprobe.geometry.GeometryResult;
import dev.ftprobe.geometry.LabelDynamics;
import dev.ftprobe.geometry.LabelGeometry;
import dev.ftprobe.geometry.Movement;
import dev.ftprobe.geometry.SetDynamics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.VectorSeries;
import org.jfree.data.xy.VectorSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The figures drawn by a PCA (geometry's {@link Movement#pca2d}): Figure 3 (centroid paths), Figure 5 (movements). */
final class PcaFigures {
    private static final int PANEL_WIDTH = 420;
    private static final int PANEL_HEIGHT = 380;
    private static final int COLUMNS = 3;
    private static final String PC1 = "first principal component (the layer's units)";
    private static final String PC2 = "second principal component (the layer's units)";

    private PcaFigures() {}

    /**
     * Figure 3: the paths over the steps of the centroids of the three closest labels (the three whose pairwise
     * distances at the first step of the last layer sum least), in layer 1 and the last layer, each panel projected by
     * one PCA fitted on that panel's centroids.
     */
    static Figure centroidPaths(ProbeResults p, String id) {
        String title = "Figure 3: paths of the centroids of the three closest labels";
        NavigableMap<Long, GeometryResult> lastLayer = p.geometry().get(p.lastLayer());
        if (lastLayer == null || lastLayer.isEmpty()) {
            return Figure.missing(id, title, "no " + p.split() + " geometry records for layer " + p.lastLayer());
        }
        List<String> labels = closestLabels(lastLayer.firstEntry().getValue());
        if (labels.size() < 2) {
            return Figure.missing(id, title, "fewer than two labels with a centroid");
        }
        List<Integer> layers = new ArrayList<>();
        Integer low = p.geometry().ceilingKey(1);
        if (low != null && low != p.lastLayer()) {
            layers.add(low);
        }
        layers.add(p.lastLayer());
        List<JFreeChart> panels = new ArrayList<>();
        for (int layer : layers) {
            JFreeChart panel = pathPanel(p.geometry().get(layer), labels, "layer " + layer);
            if (panel != null) {
                panels.add(panel);
            }
        }
        if (panels.isEmpty()) {
            return Figure.missing(id, title, "fewer than two centroids of " + labels + " to project");
        }
        String caption = "Where the centroids of " + String.join(", ", labels) + " (" + p.split() + " split, probe "
                + "task " + p.probeTask() + ") travel during fine-tuning, one point per step, the first and the last "
                + "step named; each panel is one PCA fitted on its centroids, not on their differences from step 0 "
                + "(paper, Figure 3).";
        return Figure.drawn(id, title, caption, SvgCharts.render(id, panels, 2, PANEL_WIDTH + 80, PANEL_HEIGHT));
    }

    /** The three labels, by name in the task's order, whose pairwise distances sum least; fewer with fewer labels. */
    static List<String> closestLabels(GeometryResult g) {
        List<Integer> usable = new ArrayList<>();
        for (int i = 0; i < g.labels().size(); i++) {
            if (g.labels().get(i).centroid() != null) {
                usable.add(i);
            }
        }
        int[] best = null;
        double bestSum = Double.POSITIVE_INFINITY;
        for (int a = 0; a < usable.size(); a++) {
            for (int b = a + 1; b < usable.size(); b++) {
                for (int c = b + 1; c < usable.size(); c++) {
                    int i = usable.get(a);
                    int j = usable.get(b);
                    int k = usable.get(c);
                    Double ij = g.distance(i, j);
                    Double ik = g.distance(i, k);
                    Double jk = g.distance(j, k);
                    if (ij != null && ik != null && jk != null && ij + ik + jk < bestSum) {
                        bestSum = ij + ik + jk;
                        best = new int[] {i, j, k};
                    }
                }
            }
        }
        List<String> out = new ArrayList<>();
        if (best == null) {
            // no defined triple (too few labels, or distances undefined): the first labels with centroids
            usable.stream().limit(3).forEach(i -> out.add(g.labels().get(i).name()));
        } else {
            for (int i : best) {
                out.add(g.labels().get(i).name());
            }
        }
        return out;
    }

    private static JFreeChart pathPanel(NavigableMap<Long, GeometryResult> steps, List<String> labels, String name) {
        if (steps == null) {
            return null;
        }
        Map<String, List<double[]>> paths = new LinkedHashMap<>();
        List<Long> stepOf = new ArrayList<>(steps.keySet());
        List<double[]> rows = new ArrayList<>();
        for (String label : labels) {
            List<double[]> path = new ArrayList<>();
            for (GeometryResult g : steps.values()) {
                double[] c = centroid(g, label);
                path.add(c);
                if (c != null) {
                    rows.add(c);
                }
            }
            paths.put(label, path);
        }
        if (rows.size() < 2) {
            return null;
        }
        // one PCA over every centroid of the panel, so that the paths share axes (the same call as summary.json's)
        Map<String, List<double[]>> projected = Movement.paths2d(paths);
        XYSeriesCollection data = new XYSeriesCollection();
        List<XYTextAnnotation> notes = new ArrayList<>();
        projected.forEach((label, path) -> {
            XYSeries series = new XYSeries(label, false, true);
            int first = -1;
            int last = -1;
            for (int k = 0; k < path.size(); k++) {
                if (path.get(k) != null) {
                    series.add(path.get(k)[0], path.get(k)[1]);
                    first = first < 0 ? k : first;
                    last = k;
                }
            }
            data.addSeries(series);
            if (first >= 0) {
                notes.add(stepNote(label + " step " + stepOf.get(first), path.get(first)));
            }
            if (last > first) {
                notes.add(stepNote("step " + stepOf.get(last), path.get(last)));
            }
        });
        JFreeChart chart =
                ChartFactory.createXYLineChart(name, PC1, PC2, data, PlotOrientation.VERTICAL, true, false, false);
        SvgCharts.styled(chart);
        XYPlot plot = (XYPlot) chart.getPlot();
        plot.setRenderer(new ItemGroups.Lines());
        notes.forEach(plot::addAnnotation);
        for (NumberAxis axis : List.of((NumberAxis) plot.getDomainAxis(), (NumberAxis) plot.getRangeAxis())) {
            axis.setAutoRangeIncludesZero(false);
            axis.setLowerMargin(0.1);
            axis.setUpperMargin(0.1);
        }
        return chart;
    }

    private static XYTextAnnotation stepNote(String text, double[] at) {
        XYTextAnnotation note = new XYTextAnnotation(text, at[0], at[1]);
        note.setFont(SvgCharts.TEXT);
        note.setTextAnchor(TextAnchor.BOTTOM_LEFT);
        return note;
    }

    private static double[] centroid(GeometryResult g, String label) {
        for (LabelGeometry l : g.labels()) {
            if (l.name().equals(label) && l.centroid() != null) {
                return l.centroid().stream().mapToDouble(Double::doubleValue).toArray();
            }
        }
        return null;
    }

    /**
     * Figure 5: per layer, each label's centroid movement from the first to the last step, projected to 2-D by one PCA
     * per layer over those final difference vectors, as arrows from "did not move".
     *
     * <p>The PCA is fitted on the vectors and their negations: their mean is then zero, so centring moves nothing and
     * the origin of the picture is the zero movement (the plain PCA of the vectors would centre on their mean movement,
     * and every arrow would start from a point no label is at).
     */
    static Figure movements(ProbeResults p, String id) {
        String title = "Figure 5: each label's movement from the first to the last step, per layer";
        List<JFreeChart> panels = new ArrayList<>();
        for (int layer : p.dynamics().keySet()) {
            SetDynamics last = p.last(layer);
            List<LabelDynamics> moved = last == null
                    ? List.of()
                    : last.labelDynamics().stream()
                            .filter(l -> l.centroidMovement() != null)
                            .toList();
            if (moved.size() < 2) {
                continue;
            }
            int n = moved.size();
            double[][] rows = new double[2 * n][];
            for (int i = 0; i < n; i++) {
                rows[i] = moved.get(i).centroidMovement().stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray();
                rows[n + i] = rows[i].clone();
                for (int k = 0; k < rows[n + i].length; k++) {
                    rows[n + i][k] = -rows[n + i][k];
                }
            }
            double[][] projected = Movement.pca2d(rows);
            panels.add(movementPanel(layer, moved, projected));
        }
        if (panels.isEmpty()) {
            return Figure.missing(id, title, "no layer has two labels with a movement at the last step");
        }
        List<Long> steps = p.steps(p.lastLayer());
        String caption = "Each arrow is one label's centroid at step " + steps.get(steps.size() - 1) + " minus at step "
                + steps.get(0) + " (" + p.split() + " split, probe task " + p.probeTask() + "), projected by one PCA "
                + "per layer over those difference vectors; the axes' ranges show how far a layer moved "
                + "(paper, Figure 5).";
        return Figure.drawn(id, title, caption, SvgCharts.render(id, panels, COLUMNS, PANEL_WIDTH, PANEL_HEIGHT));
    }

    private static JFreeChart movementPanel(int layer, List<LabelDynamics> moved, double[][] projected) {
        VectorSeries arrows = new VectorSeries("label centroid movement");
        XYPlot plot = new XYPlot();
        for (int i = 0; i < moved.size(); i++) {
            double[] to = projected[i];
            arrows.add(0, 0, to[0], to[1]);
            XYTextAnnotation name = new XYTextAnnotation(moved.get(i).name(), to[0], to[1]);
            name.setFont(SvgCharts.TEXT);
            name.setTextAnchor(to[0] < 0 ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT);
            plot.addAnnotation(name);
        }
        VectorSeriesCollection data = new VectorSeriesCollection();
        data.addSeries(arrows);
        plot.setDataset(data);
        // room around the arrows and their names, the origin (no movement) always in view
        plot.setDomainAxis(spacious(PC1));
        plot.setRangeAxis(spacious(PC2));
        plot.setRenderer(new ItemGroups.Vectors());
        JFreeChart chart = new JFreeChart("layer " + layer, SvgCharts.TITLE, plot, true);
        return SvgCharts.styled(chart);
    }

    private static NumberAxis spacious(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(true);
        axis.setLowerMargin(0.15);
        axis.setUpperMargin(0.15);
        return axis;
    }
}
