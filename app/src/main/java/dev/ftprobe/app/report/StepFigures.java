package dev.ftprobe.app.report;

import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.geometry.LabelDynamics;
import dev.ftprobe.geometry.SetDynamics;
import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The figures over the fine-tuning steps: Figure 2 (minimum distances) and Figure 4 (similarity to step 0). */
final class StepFigures {
    static final String STEP_AXIS = "fine-tuning step (updates; 0 = before fine-tuning)";
    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    private static final int EXTREMES = 3;

    private StepFigures() {}

    /**
     * Figure 2: in the last layer, the minimum distance of the three labels whose minimum distance grows most from the
     * first to the last step and of the three that grow least (solid and dashed lines).
     */
    static Figure minimumDistances(ProbeResults p, String id) {
        int layer = p.lastLayer();
        String title = "Figure 2: each label's minimum distance over the steps, layer " + layer;
        SetDynamics last = p.last(layer);
        if (last == null) {
            return Figure.missing(id, title, "the last step has no " + p.split() + " dynamics");
        }
        List<LabelDynamics> changed = new ArrayList<>(last.labelDynamics().stream()
                .filter(l -> l.minDistanceChange() != null)
                .toList());
        if (changed.isEmpty()) {
            return Figure.missing(id, title, "no label has a minimum distance at both the first and the last step");
        }
        changed.sort(Comparator.comparingDouble(LabelDynamics::minDistanceChange)
                .reversed()
                .thenComparingInt(LabelDynamics::id));
        Set<LabelDynamics> shown = new LinkedHashSet<>(changed.subList(0, Math.min(EXTREMES, changed.size())));
        int most = shown.size();
        shown.addAll(changed.subList(Math.max(0, changed.size() - EXTREMES), changed.size()));
        XYSeriesCollection data = new XYSeriesCollection();
        for (LabelDynamics l : shown) {
            XYSeries series = new XYSeries(
                    String.format(Locale.ROOT, "%s (%+.3f)", l.name(), l.minDistanceChange()), false, true);
            for (StepDynamics d : p.dynamics().get(layer)) {
                series.add(d.step(), minDistance(ProbeResults.of(d, p.split()), l.id()));
            }
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(
                title,
                STEP_AXIS,
                "minimum distance to another label (Euclidean, in the layer's units)",
                data,
                PlotOrientation.VERTICAL,
                true,
                false,
                false);
        SvgCharts.styled(chart);
        SvgCharts.subtitle(
                chart,
                "probe task " + p.probeTask() + ", " + p.split() + " split; solid: the " + most
                        + " that grow most, dashed: the " + (shown.size() - most) + " that grow least (change in "
                        + "brackets)");
        XYLineAndShapeRenderer renderer = new ItemGroups.Lines();
        for (int s = most; s < shown.size(); s++) {
            renderer.setSeriesStroke(
                    s, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0));
        }
        ((XYPlot) chart.getPlot()).setRenderer(renderer);
        wholeSteps(chart);
        String caption = "The labels' minimum distances (the distance from a label's cluster to the nearest other "
                + "label's) in layer " + layer + ", ranked by their change from step "
                + p.steps(layer).get(0)
                + " to step " + p.steps(layer).get(p.steps(layer).size() - 1) + " (paper, Figure 2).";
        return Figure.drawn(id, title, caption, SvgCharts.render(id, List.of(chart), 1, WIDTH, HEIGHT));
    }

    /** The layers Figure 4 shows: every other layer, counting down from the last so that the last is always shown. */
    static List<Integer> everyOtherLayer(ProbeResults p) {
        List<Integer> out = new ArrayList<>();
        for (int layer : p.dynamics().descendingKeySet()) {
            if ((p.lastLayer() - layer) % 2 == 0) {
                out.add(0, layer);
            }
        }
        return out;
    }

    /** Figure 4: each shown layer's similarity to the same layer at step 0, over the steps. */
    static Figure similarityToStepZero(ProbeResults p, String id) {
        String title = "Figure 4: similarity to step 0 over the steps";
        XYSeriesCollection data = new XYSeriesCollection();
        String undefined = null;
        int defined = 0;
        for (int layer : everyOtherLayer(p)) {
            XYSeries series = new XYSeries("layer " + layer, false, true);
            for (StepDynamics d : p.dynamics().get(layer)) {
                SetDynamics s = ProbeResults.of(d, p.split());
                Double similarity = s == null ? null : s.similarityToBaseline();
                series.add(d.step(), similarity);
                if (similarity != null) {
                    defined++;
                } else if (s != null && undefined == null) {
                    undefined = s.similarityToBaselineUndefined();
                }
            }
            data.addSeries(series);
        }
        if (defined == 0) {
            return Figure.missing(id, title, "no similarity is defined (" + undefined + ")");
        }
        JFreeChart chart = ChartFactory.createXYLineChart(
                title,
                STEP_AXIS,
                "Pearson correlation with step 0's distance vector (unitless)",
                data,
                PlotOrientation.VERTICAL,
                true,
                false,
                false);
        SvgCharts.styled(chart);
        SvgCharts.subtitle(chart, "probe task " + p.probeTask() + ", " + p.split() + " split, every other layer");
        ((XYPlot) chart.getPlot()).setRenderer(new ItemGroups.Lines());
        wholeSteps(chart);
        String caption = "The Pearson correlation between each layer's label distance vector and the same layer's at "
                + "step 0 (paper, Figure 4); a gap is a step where it is undefined (a side not linearly separable).";
        return Figure.drawn(id, title, caption, SvgCharts.render(id, List.of(chart), 1, WIDTH, HEIGHT));
    }

    /** Steps are whole numbers: no tick at step 0.2. */
    private static void wholeSteps(JFreeChart chart) {
        ((XYPlot) chart.getPlot()).getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    }

    private static Double minDistance(SetDynamics d, int label) {
        if (d == null) {
            return null;
        }
        for (LabelDynamics l : d.labelDynamics()) {
            if (l.id() == label) {
                return l.minDistance();
            }
        }
        return null;
    }
}
