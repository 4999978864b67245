package dev.ftprobe.app.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.VectorRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYDataset;

/**
 * Renderers that wrap every plotted item in an element group naming its series and index (JFreeChart's element hints,
 * which JFreeSVG writes as {@code <g jfreesvg:ref='{"seriesKey": ..., "itemIndex": ...}'>}): the stock XY renderers
 * open no such group, and the report's page counts these groups to tell a drawn plot from an empty one.
 */
final class ItemGroups {
    private ItemGroups() {}

    /** Lines and shapes, one group per item. */
    static final class Lines extends XYLineAndShapeRenderer {
        private static final long serialVersionUID = 1L;

        Lines() {
            super(true, true);
        }

        @Override
        public void drawItem(
                Graphics2D g2,
                XYItemRendererState state,
                Rectangle2D dataArea,
                PlotRenderingInfo info,
                XYPlot plot,
                ValueAxis domainAxis,
                ValueAxis rangeAxis,
                XYDataset dataset,
                int series,
                int item,
                CrosshairState crosshairState,
                int pass) {
            beginElementGroup(g2, dataset.getSeriesKey(series), item);
            super.drawItem(
                    g2,
                    state,
                    dataArea,
                    info,
                    plot,
                    domainAxis,
                    rangeAxis,
                    dataset,
                    series,
                    item,
                    crosshairState,
                    pass);
            endElementGroup(g2);
        }
    }

    /** Arrows, one group per arrow. */
    static final class Vectors extends VectorRenderer {
        private static final long serialVersionUID = 1L;

        @Override
        public void drawItem(
                Graphics2D g2,
                XYItemRendererState state,
                Rectangle2D dataArea,
                PlotRenderingInfo info,
                XYPlot plot,
                ValueAxis domainAxis,
                ValueAxis rangeAxis,
                XYDataset dataset,
                int series,
                int item,
                CrosshairState crosshairState,
                int pass) {
            beginElementGroup(g2, dataset.getSeriesKey(series), item);
            super.drawItem(
                    g2,
                    state,
                    dataArea,
                    info,
                    plot,
                    domainAxis,
                    rangeAxis,
                    dataset,
                    series,
                    item,
                    crosshairState,
                    pass);
            endElementGroup(g2);
        }
    }
}
