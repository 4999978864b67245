package dev.ftprobe.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboards and their provisioning: valid JSON, the provisioned datasource's uid everywhere, defined
 * variables, and every metric a query selects one that the services really register ({@link ServiceMetrics} runs them).
 */
class DashboardsTest {
    static final String DASHBOARDS = "deploy/grafana/dashboards";
    static Map<String, JsonNode> dashboards;
    static String datasourceUid;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void load() throws IOException {
        dashboards = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(RepoFiles.path(DASHBOARDS))) {
            for (Path f : files.sorted().toList()) {
                assertThat(f.getFileName().toString())
                        .as("only dashboards in " + DASHBOARDS)
                        .endsWith(".json");
                dashboards.put(f.getFileName().toString(), RepoFiles.JSON.readTree(Files.readString(f)));
            }
        }
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
    @Timeout(600)
    void everyMetricInTheQueriesIsOneTheServicesRegister() throws Exception {
        Map<String, Map<String, Set<String>>> registered = ServiceMetrics.collect(tmp);
        // name -> the label names it has in any service; Prometheus adds job and instance to every series
        Map<String, Set<String>> labels = new TreeMap<>();
        registered
                .values()
                .forEach(samples -> samples.forEach((name, ls) -> {
                    Set<String> all = labels.computeIfAbsent(name, k -> new TreeSet<>(Set.of("job", "instance")));
                    all.addAll(ls);
                }));
        Map<String, Set<String>> unknown = new LinkedHashMap<>();
        List<String> unknownLabels = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, JsonNode> e : dashboards.entrySet()) {
            for (String q : queries(e.getValue())) {
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
                        if (labels.containsKey(n) && !labels.get(n).contains(l)) {
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
        return out;
    }
}
