package dev.ftprobe.app.report;

import dev.ftprobe.events.Nullable;

/**
 * One figure of the report: its SVG (an {@code <svg>} element, to inline in the page and to write as a file), or why it
 * could not be drawn.
 *
 * @param id unique in the report; the file name without {@code .svg} and the element id
 * @param title what the figure shows, e.g. "Figure 2: ..."
 * @param caption how to read it
 * @param svg the drawing; absent when {@code missing} says why there is none
 * @param missing why there is no drawing
 */
record Figure(
        String id,
        String title,
        String caption,
        @Nullable String svg,
        @Nullable String missing) {
    Figure {
        if ((svg == null) == (missing == null)) {
            throw new IllegalArgumentException("figure " + id + ": exactly one of svg and missing");
        }
    }

    static Figure drawn(String id, String title, String caption, String svg) {
        return new Figure(id, title, caption, svg, null);
    }

    static Figure missing(String id, String title, String why) {
        return new Figure(id, title, "", null, why);
    }

    String fileName() {
        return id + ".svg";
    }
}
