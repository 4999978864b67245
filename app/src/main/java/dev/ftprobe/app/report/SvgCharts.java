package dev.ftprobe.app.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.svg.SVGGraphics2D;

/**
 * Draws JFreeChart charts as SVG with JFreeSVG: one chart or a grid of panels in one {@code <svg>} element, in a style
 * shared by every figure. The charts are drawn headless: no display is needed.
 */
final class SvgCharts {
    static {
        // before any AWT class loads (the fonts below): a server or CI machine has no display
        System.setProperty("java.awt.headless", "true");
    }

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);

    private SvgCharts() {}

    /** The common look: white, light grid lines, readable fonts, and element hints that name series and items. */
    static JFreeChart styled(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setElementHinting(true);
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE);
        }
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(TEXT);
        }
        if (chart.getPlot() instanceof XYPlot plot) {
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(GRID);
            plot.setRangeGridlinePaint(GRID);
            plot.setDomainGridlineStroke(new BasicStroke(0.8f));
            plot.setRangeGridlineStroke(new BasicStroke(0.8f));
            plot.setOutlinePaint(Color.GRAY);
            plot.getDomainAxis().setLabelFont(TEXT);
            plot.getRangeAxis().setLabelFont(TEXT);
        }
        return chart;
    }

    /** A subtitle under the chart's title. */
    static void subtitle(JFreeChart chart, String text) {
        chart.addSubtitle(new TextTitle(text, TEXT));
    }

    /**
     * The panels in a grid of {@code columns}, each {@code width} x {@code height} pixels, as one {@code <svg>} with
     * {@code id}; the definitions (clip paths) are prefixed by the id, so that several figures can share one page.
     */
    static String render(String id, List<JFreeChart> panels, int columns, int width, int height) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("figure " + id + " has no panel");
        }
        int cols = Math.min(columns, panels.size());
        int rows = (panels.size() + cols - 1) / cols;
        SVGGraphics2D g2 = new SVGGraphics2D(cols * width, rows * height);
        g2.setDefsKeyPrefix(id + "-");
        g2.setPaint(Color.WHITE);
        g2.fillRect(0, 0, cols * width, rows * height);
        for (int i = 0; i < panels.size(); i++) {
            Rectangle2D area = new Rectangle2D.Double((i % cols) * width, (i / cols) * height, width, height);
            panels.get(i).draw(g2, area);
        }
        return g2.getSVGElement(id);
    }
}
