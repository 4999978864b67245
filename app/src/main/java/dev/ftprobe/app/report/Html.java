package dev.ftprobe.app.report;

import java.util.List;
import java.util.Locale;

/** Small HTML helpers: escaping, numbers as the report writes them, table rows. */
final class Html {
    static final String NONE = "–";

    private Html() {}

    static String esc(Object value) {
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Four decimals, or a dash for an undefined value. */
    static String num(Double d) {
        return d == null ? NONE : String.format(Locale.ROOT, "%.4f", d);
    }

    static String signed(Double d) {
        return d == null ? NONE : String.format(Locale.ROOT, "%+.4f", d);
    }

    /** "a → b" of two already formatted values. */
    static String arrow(Object first, Object last) {
        return first + " → " + last;
    }

    /** A header row of escaped cells. */
    static String head(List<String> cells) {
        StringBuilder row = new StringBuilder("<tr>");
        cells.forEach(c -> row.append("<th>").append(esc(c)).append("</th>"));
        return row.append("</tr>\n").toString();
    }

    /** A body row of escaped cells. */
    static String row(List<String> cells) {
        StringBuilder row = new StringBuilder("<tr>");
        cells.forEach(c -> row.append("<td>").append(esc(c)).append("</td>"));
        return row.append("</tr>\n").toString();
    }
}
