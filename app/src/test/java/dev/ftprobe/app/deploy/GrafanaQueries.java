package dev.ftprobe.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dashboard's Prometheus queries as Grafana sends them: its query variables resolved in order by their own
 * {@code label_values} queries against the live Prometheus and substituted as Grafana's Prometheus datasource does (one
 * value as is, several as {@code (a|b)}, "All" as the variable's allValue), Grafana's built-in intervals replaced, and
 * a repeated panel once for each value of its variable.
 */
final class GrafanaQueries {
    /** One query: where it comes from, the PromQL sent, instant or range, and the labels its legend shows. */
    record Query(String where, String expr, boolean instant, Set<String> legendLabels) {}

    private static final Pattern LABEL_VALUES = Pattern.compile(
            "^\\s*label_values\\s*\\((?:(.*),)?\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*$", Pattern.DOTALL);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)|\\[\\[(\\w+)]]");
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    private final PrometheusApi api;
    private final Instant start;
    private final Instant end;
    private final Duration step;
    private final Duration scrapeInterval;
    /** Each variable's values as label_values found them, and the text substituted for it. */
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private final Map<String, String> substituted = new LinkedHashMap<>();

    /**
     * Queries evaluated over {@code start} to {@code end} at {@code step}; {@code scrapeInterval} is what the
     * datasource is told Prometheus scrapes at (its {@code timeInterval}), from which Grafana derives
     * {@code $__rate_interval}.
     */
    GrafanaQueries(PrometheusApi api, Instant start, Instant end, Duration step, Duration scrapeInterval) {
        this.api = api;
        this.start = start;
        this.end = end;
        this.step = step;
        this.scrapeInterval = scrapeInterval;
    }

    /**
     * The queries of {@code dashboard}: its variables' queries first (as label_values' selectors), then every panel
     * target and every Prometheus annotation. A variable whose query finds no value is added to {@code problems}.
     */
    List<Query> of(String file, JsonNode dashboard, List<String> problems) throws IOException, InterruptedException {
        List<Query> out = new ArrayList<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            String name = v.path("name").asText();
            if (!v.path("type").asText().equals("query")) {
                throw new IllegalArgumentException(file + " variable " + name + ": only query variables are handled");
            }
            JsonNode q = v.path("query");
            String query = substitute(q.isObject() ? q.path("query").asText() : q.asText(), Map.of());
            Matcher m = LABEL_VALUES.matcher(query);
            if (!m.matches()) {
                throw new IllegalArgumentException(file + " variable " + name + ": not label_values(...): " + query);
            }
            String selector =
                    m.group(1) == null ? "{__name__=~\".+\"}" : m.group(1).strip();
            List<String> found = new ArrayList<>(new TreeSet<>(api.labelValues(m.group(2), selector, start, end)));
            out.add(new Query(file + " variable " + name, selector, false, Set.of(m.group(2))));
            if (found.isEmpty()) {
                problems.add(file + " variable " + name + ": " + query + " finds no value");
                found.add("no-value");
            }
            values.put(name, found);
            boolean all = v.path("includeAll").asBoolean()
                    && v.path("current").path("value").toString().contains("$__all");
            if (all) {
                substituted.put(
                        name, v.has("allValue") ? v.path("allValue").asText() : "(" + String.join("|", found) + ")");
            } else {
                substituted.put(name, found.get(0));
            }
        }
        for (JsonNode p : DashboardsTest.panels(dashboard)) {
            String title = p.path("title").asText();
            String repeat = p.path("repeat").asText("");
            List<Map<String, String>> instances = new ArrayList<>();
            if (repeat.isEmpty()) {
                instances.add(Map.of());
            } else {
                values.get(repeat).forEach(value -> instances.add(Map.of(repeat, value)));
            }
            for (Map<String, String> instance : instances) {
                for (JsonNode t : p.path("targets")) {
                    out.add(new Query(
                            file + " panel '" + title + "'" + (instance.isEmpty() ? "" : " " + instance) + " "
                                    + t.path("refId").asText(),
                            substitute(t.path("expr").asText(), instance),
                            t.path("instant").asBoolean(false),
                            legendLabels(t.path("legendFormat").asText(""))));
                }
            }
        }
        for (JsonNode a : DashboardsTest.annotationQueries(dashboard)) {
            Set<String> shown =
                    new LinkedHashSet<>(legendLabels(a.path("titleFormat").asText("")));
            shown.addAll(legendLabels(a.path("textFormat").asText("")));
            for (String key : a.path("tagKeys").asText("").split(",")) {
                if (!key.isBlank()) {
                    shown.add(key.strip());
                }
            }
            out.add(new Query(
                    file + " annotation '" + a.path("name").asText() + "'",
                    substitute(a.path("expr").asText(), Map.of()),
                    false,
                    shown));
        }
        return out;
    }

    /** The problem with one query's answer, or null: no series, or a series without a label its legend shows. */
    String check(Query q) throws IOException, InterruptedException {
        JsonNode result = q.instant() ? api.query(q.expr(), end) : api.queryRange(q.expr(), start, end, step);
        if (result.isEmpty()) {
            return q.where() + ": no series for " + q.expr();
        }
        for (JsonNode series : result) {
            for (String label : q.legendLabels()) {
                if (!series.path("metric").has(label)) {
                    return q.where() + ": a series without the label " + label + " its legend shows: "
                            + series.path("metric") + " for " + q.expr();
                }
            }
        }
        return null;
    }

    /** The variables Grafana would substitute, {@code fixed} (a repeated panel's value) first. */
    private String substitute(String expr, Map<String, String> fixed) {
        // Grafana: $__rate_interval = max($__interval + scrape interval, 4 x scrape interval)
        Duration rateInterval = step.plus(scrapeInterval).compareTo(scrapeInterval.multipliedBy(4)) > 0
                ? step.plus(scrapeInterval)
                : scrapeInterval.multipliedBy(4);
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value;
            if (name.equals("__rate_interval")) {
                value = rateInterval.toMillis() + "ms";
            } else if (name.equals("__interval")) {
                value = step.toMillis() + "ms";
            } else if (name.equals("__range")) {
                value = Duration.between(start, end).toSeconds() + "s";
            } else if (fixed.containsKey(name)) {
                value = fixed.get(name);
            } else if (substituted.containsKey(name)) {
                value = substituted.get(name);
            } else {
                throw new IllegalArgumentException("variable $" + name + " is not defined before its use in " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Set<String> legendLabels(String legend) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = LEGEND_LABEL.matcher(legend);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
