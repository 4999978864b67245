package dev.ftprobe.app.deploy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL query (as written in a Grafana dashboard) selects. Enough of PromQL for dashboards: string
 * literals, label matchers, range and subquery brackets, grouping clauses, {@code offset}, numbers and Grafana's
 * {@code $variables} are removed; what is left that is an identifier, not a keyword and not followed by {@code (} (a
 * function or aggregation), is a metric. Grafana's {@code label_values(selector, label)} keeps only its selector.
 */
final class PromQl {
    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "offset",
            "bool",
            "inf",
            "nan",
            "atan2");
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|`[^`]*`");
    private static final Pattern GRAFANA_VAR = Pattern.compile("\\$\\{[^}]*}|\\$\\w+|\\[\\[\\w+(?::\\w+)?]]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?[0-9a-z]+", Pattern.CASE_INSENSITIVE);
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\s*\\((.*)\\)\\s*$", Pattern.DOTALL);
    private static final Pattern IDENT = Pattern.compile("(?<![\\w.])[A-Za-z_:][A-Za-z0-9_:]*");

    private PromQl() {}

    static Set<String> metricNames(String query) {
        String q = GRAFANA_VAR.matcher(query).replaceAll(" ");
        Matcher lv = LABEL_VALUES.matcher(q);
        if (lv.matches()) {
            String args = STRING.matcher(lv.group(1)).replaceAll("\"\"");
            int comma = lastTopLevelComma(args);
            // label_values(label): no metric; label_values(selector, label): the selector's
            q = comma < 0 ? "" : args.substring(0, comma);
        }
        q = STRING.matcher(q).replaceAll(" ");
        q = q.replaceAll("\\{[^}]*}", " ");
        q = q.replaceAll("\\[[^\\]]*]", " ");
        q = GROUPING.matcher(q).replaceAll(" ");
        q = OFFSET.matcher(q).replaceAll(" ");
        q = q.replaceAll("@\\s*[0-9.]+", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENT.matcher(q);
        while (m.find()) {
            String id = m.group();
            if (KEYWORDS.contains(id.toLowerCase(Locale.ROOT))) {
                continue;
            }
            int next = m.end();
            while (next < q.length() && Character.isWhitespace(q.charAt(next))) {
                next++;
            }
            if (next < q.length() && q.charAt(next) == '(') {
                continue; // a function or an aggregation
            }
            names.add(id);
        }
        return names;
    }

    private static final Pattern SELECTOR = Pattern.compile("(?<![\\w.])([A-Za-z_:][A-Za-z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(?:=~|!~|!=|=)");

    /** Each selected metric's label names in the selector's matchers ({@code m{a="x", b=~"y"}}: m -> a, b). */
    static Map<String, Set<String>> matcherLabels(String query) {
        String q = GRAFANA_VAR.matcher(query).replaceAll(" ");
        q = STRING.matcher(q).replaceAll("\"\"");
        Map<String, Set<String>> out = new LinkedHashMap<>();
        Matcher m = SELECTOR.matcher(q);
        while (m.find()) {
            Set<String> labels = out.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>());
            Matcher l = MATCHER_LABEL.matcher(m.group(2));
            while (l.find()) {
                labels.add(l.group(1));
            }
        }
        return out;
    }

    private static int lastTopLevelComma(String s) {
        int depth = 0;
        int last = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                last = i;
            }
        }
        return last;
    }
}
