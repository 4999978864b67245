package dev.ftprobe.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards and their provisioning: valid against Grafana's schemas, the provisioned datasource's uid
 * everywhere, defined variables; every metric a query selects is one that the services really register
 * ({@link #checkMetricNames}, run by {@link PrometheusLiveTest} on the pipeline it runs).
 */
class DashboardsTest {
    static final String DASHBOARDS = "deploy/grafana/dashboards";
    static Map<String, JsonNode> dashboards;
    static String datasourceUid;

    @BeforeAll
    static void load() throws IOException {
        dashboards = load(RepoFiles.path(DASHBOARDS));
        JsonNode ds = RepoFiles.yaml("deploy/grafana/provisioning/datasources/prometheus.yml")
                .path("datasources");
        assertThat(ds).hasSize(1);
        datasourceUid = ds.get(0).path("uid").asText();
    }

    @Test
    void theDatasourceIsThePrometheusOfTheStack() {
        JsonNode ds = RepoFiles.yaml("deploy/grafana/provisioning/datasources/prometheus.yml")
                .path("datasources")
                .get(0);
        assertThat(datasourceUid).isNotBlank();
        assertThat(ds.path("type").asText()).isEqualTo("prometheus");
        Map<String, String> env = new LinkedHashMap<>(Compose.envFile(".env.example"));
        env.put("GF_ADMIN_PASSWORD", "x");
        Compose compose = Compose.load(env);
        List<Compose.Port> ports = compose.ports("prometheus");
        assertThat(ds.path("url").asText())
                .isEqualTo("http://prometheus:" + ports.get(0).target());
        // the provider reads the directory where compose mounts the dashboards, and the home dashboard is one of them
        JsonNode provider = RepoFiles.yaml("deploy/grafana/provisioning/dashboards/ftprobe.yml")
                .path("providers")
                .get(0);
        String path = provider.path("options").path("path").asText();
        assertThat(compose.mounts("grafana"))
                .contains(
                        new Compose.Mount("bind", "./" + DASHBOARDS, path, true),
                        new Compose.Mount("bind", "./deploy/grafana/provisioning", "/etc/grafana/provisioning", true));
        String home = compose.environment("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(home).startsWith(path + "/");
        assertThat(dashboards).containsKey(home.substring(path.length() + 1));
    }

    @Test
    void everyDashboardIsValidAndUsesTheProvisionedDatasource() {
        assertThat(dashboards).containsOnlyKeys("fine-tuning-geometry.json", "pipeline-health.json");
        Set<String> uids = new TreeSet<>();
        for (Map.Entry<String, JsonNode> e : dashboards.entrySet()) {
            String f = e.getKey();
            JsonNode d = e.getValue();
            assertThat(d.path("uid").asText()).as(f).isNotBlank().hasSizeLessThanOrEqualTo(40);
            assertThat(uids.add(d.path("uid").asText()))
                    .as(f + ": a uid of its own")
                    .isTrue();
            assertThat(d.path("title").asText()).as(f).isNotBlank();
            assertThat(d.path("schemaVersion").asInt()).as(f).isBetween(36, 41);
            assertThat(d.has("id"))
                    .as(f + ": no database id in a provisioned dashboard")
                    .isFalse();
            List<JsonNode> panels = panels(d);
            assertThat(panels).as(f).isNotEmpty();
            for (JsonNode p : panels) {
                String where = f + " panel '" + p.path("title").asText() + "'";
                assertThat(p.path("title").asText()).as(where).isNotBlank();
                assertThat(p.path("datasource").path("uid").asText()).as(where).isEqualTo(datasourceUid);
                assertThat(p.path("datasource").path("type").asText()).as(where).isEqualTo("prometheus");
                assertThat(p.path("targets")).as(where).isNotEmpty();
                for (JsonNode t : p.path("targets")) {
                    assertThat(t.path("expr").asText()).as(where).isNotBlank();
                    if (t.has("datasource")) {
                        assertThat(t.path("datasource").path("uid").asText())
                                .as(where)
                                .isEqualTo(datasourceUid);
                    }
                }
            }
            for (JsonNode a : annotationQueries(d)) {
                assertThat(a.path("datasource").path("uid").asText())
                        .as(f + " annotation " + a.path("name"))
                        .isEqualTo(datasourceUid);
            }
            for (JsonNode v : d.path("templating").path("list")) {
                if (v.path("type").asText().equals("query")) {
                    assertThat(v.path("datasource").path("uid").asText())
                            .as(f + " variable " + v.path("name"))
                            .isEqualTo(datasourceUid);
                }
            }
        }
    }

    @Test
    void everyVariableAQueryUsesIsDefined() {
        Pattern var = Pattern.compile("\\$\\{?(\\w+)");
        for (Map.Entry<String, JsonNode> e : dashboards.entrySet()) {
            Set<String> defined = new TreeSet<>();
            e.getValue()
                    .path("templating")
                    .path("list")
                    .forEach(v -> defined.add(v.path("name").asText()));
            for (String q : queries(e.getValue())) {
                Matcher m = var.matcher(q);
                while (m.find()) {
                    if (!m.group(1).startsWith("__")) { // Grafana's own: $__rate_interval, $__range, ...
                        assertThat(defined).as(e.getKey() + ": " + q).contains(m.group(1));
                    }
                }
            }
        }
        Set<String> geometry = new TreeSet<>();
        dashboards
                .get("fine-tuning-geometry.json")
                .path("templating")
                .path("list")
                .forEach(v -> geometry.add(v.path("name").asText()));
        assertThat(geometry).contains("run", "task", "layer", "split");
    }

    @Test
    void everyDashboardValidatesAgainstGrafanasSchemas() {
        List<String> errors = new ArrayList<>();
        dashboards.forEach((f, d) -> errors.addAll(schemaErrors(f, d)));
        assertThat(errors).isEmpty();
        // the check has teeth: a misspelt panel key, a legend mode Grafana does not know, a misspelt query field
        ObjectNode broken = dashboards.get("pipeline-health.json").deepCopy();
        ObjectNode panel = (ObjectNode) broken.path("panels").get(0);
        panel.set("gridpos", panel.remove("gridPos"));
        ((ObjectNode) panel.path("options").path("legend")).put("displayMode", "tables");
        ((ObjectNode) panel.path("targets").get(0)).set("legendFromat", TextNode.valueOf("x"));
        assertThat(schemaErrors("broken.json", broken))
                .anyMatch(e -> e.contains("gridpos"))
                .anyMatch(e -> e.contains("displayMode"))
                .anyMatch(e -> e.contains("legendFromat"));
    }

    @Test
    void theGeometryDashboardMarksTheDivergenceAlarm() throws IOException {
        List<JsonNode> annotations = annotationQueries(dashboards.get("fine-tuning-geometry.json"));
        assertThat(annotations).hasSize(1);
        JsonNode a = annotations.get(0);
        assertThat(a.path("enable").asBoolean()).isTrue();
        assertThat(a.path("expr").asText())
                .startsWith("ALERTS{alertname=\"FtprobeTrainTestDivergence\", alertstate=\"firing\"");
        Set<String> alerts = new TreeSet<>();
        for (Path rules : PrometheusTestConfig.shippedRuleFiles()) {
            alerts.addAll(PromtoolTest.alertNames(rules));
        }
        assertThat(alerts).contains("FtprobeTrainTestDivergence");
    }

    /** A dashboard against Grafana's dashboard schema, and each panel's options and queries against their kind's. */
    static List<String> schemaErrors(String file, JsonNode dashboard) {
        String sdk = "grafana-foundation-sdk/";
        List<String> errors = new ArrayList<>();
        JsonSchemas.errors(sdk + "dashboard.jsonschema.json", dashboard).forEach(e -> errors.add(file + " " + e));
        for (JsonNode p : panels(dashboard)) {
            String where = file + " panel '" + p.path("title").asText() + "' ";
            String kind = sdk + p.path("type").asText() + ".jsonschema.json";
            assertThat(DashboardsTest.class.getResource("/schemas/" + kind))
                    .as(where + "has a panel type with a schema in the test resources")
                    .isNotNull();
            JsonSchemas.errors(kind + "#/definitions/Options", p.path("options"))
                    .forEach(e -> errors.add(where + "options " + e));
            JsonNode custom = p.path("fieldConfig").path("defaults").path("custom");
            if (!custom.isMissingNode()) {
                JsonSchemas.errors(kind + "#/definitions/FieldConfig", custom)
                        .forEach(e -> errors.add(where + "fieldConfig.defaults.custom " + e));
            }
            for (JsonNode t : p.path("targets")) {
                JsonSchemas.errors(sdk + "prometheus.jsonschema.json", t)
                        .forEach(e ->
                                errors.add(where + "target " + t.path("refId").asText() + " " + e));
            }
        }
        return errors;
    }

    /**
     * Every metric the dashboards' and the alarms' queries select is one the services register (as their scrapes show,
     * {@code registered}), and every label they match on is one it has. Run by {@link PrometheusLiveTest} on the
     * pipeline run it shares.
     */
    static void checkMetricNames(Map<String, Map<String, Set<String>>> registered) throws IOException {
        // name -> the label names it has in any service; Prometheus adds job and instance to every series
        Map<String, Set<String>> labels = new TreeMap<>();
        registered
                .values()
                .forEach(samples -> samples.forEach((name, ls) -> {
                    Set<String> all = labels.computeIfAbsent(name, k -> new TreeSet<>(Set.of("job", "instance")));
                    all.addAll(ls);
                }));
        // the alarms' queries too; what the rules make is known: the alerts' series (their labels are checked on
        // live data by PrometheusLiveTest) and the recorded thresholds
        Map<String, List<String>> queries = new LinkedHashMap<>();
        load(RepoFiles.path(DASHBOARDS)).forEach((f, d) -> queries.put(f, queries(d)));
        Set<String> made = new TreeSet<>(Set.of("ALERTS", "ALERTS_FOR_STATE"));
        for (Path f : PrometheusTestConfig.shippedRuleFiles()) {
            List<String> exprs = new ArrayList<>();
            for (JsonNode g : RepoFiles.YAML.readTree(f.toFile()).path("groups")) {
                for (JsonNode r : g.path("rules")) {
                    if (r.has("record")) {
                        made.add(r.path("record").asText()); // a threshold: vector(0.5)
                    } else {
                        exprs.add(r.path("expr").asText());
                    }
                }
            }
            queries.put(RepoFiles.root().relativize(f).toString(), exprs);
        }
        made.forEach(n -> labels.putIfAbsent(n, null));
        Map<String, Set<String>> unknown = new LinkedHashMap<>();
        List<String> unknownLabels = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, List<String>> e : queries.entrySet()) {
            for (String q : e.getValue()) {
                Set<String> names = PromQl.metricNames(q);
                assertThat(names)
                        .as(e.getKey() + ": a query that selects no metric: " + q)
                        .isNotEmpty();
                for (String n : names) {
                    checked++;
                    if (!labels.containsKey(n)) {
                        unknown.computeIfAbsent(e.getKey(), k -> new TreeSet<>())
                                .add(n);
                    }
                }
                PromQl.matcherLabels(q).forEach((n, ls) -> {
                    for (String l : ls) {
                        if (labels.get(n) != null && !labels.get(n).contains(l)) {
                            unknownLabels.add(
                                    e.getKey() + ": " + n + " has no label " + l + " (has " + labels.get(n) + ")");
                        }
                    }
                });
            }
        }
        assertThat(unknown)
                .as("metrics no service registers (registered: %s)", labels.keySet())
                .isEmpty();
        assertThat(unknownLabels)
                .as("label matchers on labels the metric does not have")
                .isEmpty();
        assertThat(checked).isGreaterThan(10);
    }

    /** The dashboards in {@code dir}, by file name. */
    static Map<String, JsonNode> load(Path dir) throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                assertThat(f.getFileName().toString())
                        .as("only dashboards in " + dir)
                        .endsWith(".json");
                out.put(f.getFileName().toString(), RepoFiles.JSON.readTree(Files.readString(f)));
            }
        }
        return out;
    }

    /** Every panel, those inside collapsed rows included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            if (p.path("type").asText().equals("row")) {
                p.path("panels").forEach(out::add);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** Every PromQL query of a dashboard: the panels' targets and the variables' queries. */
    static List<String> queries(JsonNode dashboard) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : panels(dashboard)) {
            p.path("targets").forEach(t -> out.add(t.path("expr").asText()));
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                JsonNode q = v.path("query");
                out.add(q.isObject() ? q.path("query").asText() : q.asText());
            }
        }
        annotationQueries(dashboard).forEach(a -> out.add(a.path("expr").asText()));
        return out;
    }

    /** The annotations that query Prometheus (those with an {@code expr}). */
    static List<JsonNode> annotationQueries(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode a : dashboard.path("annotations").path("list")) {
            if (a.has("expr")) {
                out.add(a);
            }
        }
        return out;
    }
}
