package dev.ftprobe.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * The live checks of {@link PrometheusLiveTest}: a real Prometheus scrapes the running services with the shipped
 * configuration ({@link PrometheusTestConfig}: only the targets, rule files and intervals replaced), evaluates the
 * shipped alarms and sends them to a real Alertmanager. Once every set is analysed: every rule evaluates without error,
 * the dead letter and the divergence alarm fire (the latter with its minimum set above any similarity, as a user would
 * set it) and reach Alertmanager, every query of both Grafana dashboards (variables resolved and substituted as Grafana
 * does, {@link GrafanaQueries}) returns series with the labels its legend shows, and Prometheus' TSDB holds per-label
 * series, no label pairs ({@link SeriesBudget}).
 */
final class LiveChecks implements AutoCloseable {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** random:tiny: the embeddings and two layers; the dynamics compare two splits; the probe takes the last layer. */
    private static final int LAYERS = 3;

    private static final int PROBED_LAYERS = 1;

    private final Path prometheusBinary;
    private final Path alertmanagerBinary;
    private final Path tmp;
    private LocalServer alertmanager;
    private LocalServer prometheus;
    private PrometheusApi api;
    private Instant started;

    LiveChecks(Path prometheusBinary, Path alertmanagerBinary, Path tmp) {
        this.prometheusBinary = prometheusBinary;
        this.alertmanagerBinary = alertmanagerBinary;
        this.tmp = tmp;
    }

    /** Starts Alertmanager, then Prometheus on the test's configuration; the services serve at {@code metrics}. */
    void start(Map<String, URI> metrics) throws Exception {
        Path amDir = Files.createDirectories(tmp.resolve("alertmanager"));
        int amPort = LocalServer.freePort();
        alertmanager = LocalServer.start(
                "alertmanager",
                List.of(
                        alertmanagerBinary.toString(),
                        "--config.file=" + RepoFiles.path(PromtoolTest.ALERTMANAGER_CONFIG),
                        "--storage.path=" + amDir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + amPort,
                        "--cluster.listen-address="),
                amDir,
                amPort,
                "/-/ready");
        Path promDir = Files.createDirectories(tmp.resolve("prometheus"));
        // the shipped rules, with the divergence minimum above any correlation: the alarm fires on the first
        // similarity analysed, so that its labels and the dashboard's annotation are seen on real series
        List<Path> rules = new ArrayList<>();
        for (Path f : PrometheusTestConfig.shippedRuleFiles()) {
            rules.add(PrometheusTestConfig.withRecords(
                    f, Map.of("ftprobe:train_test_similarity:min", "vector(1.01)"), promDir.resolve(f.getFileName())));
        }
        Path config = promDir.resolve("prometheus.yml");
        RepoFiles.YAML.writeValue(
                config.toFile(), PrometheusTestConfig.of(metrics, alertmanager.base(), rules, INTERVAL));
        int port = LocalServer.freePort();
        prometheus = LocalServer.start(
                "prometheus",
                List.of(
                        prometheusBinary.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + promDir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port),
                promDir,
                port,
                "/-/ready");
        api = new PrometheusApi(prometheus.base());
        started = Instant.now();
    }

    /** Everything analysed, the services still serving: the checks. */
    void check() throws Exception {
        String run = "run=\"" + ServiceMetrics.RUN_ID + "\"";
        // the last step analysed and the dead letter counted, as Prometheus has scraped them
        await(
                "the final state scraped",
                () -> !api.query(
                                "min(ftprobe_step{" + run + "}) == 2 and on () "
                                        + "sum(ftprobe_extractor_failures_total) == 1 and on () "
                                        + "count(ftprobe_train_test_similarity{" + run + "} >= -1) == " + LAYERS
                                        // both kinds of the probe: its dynamics came with it, so it is set
                                        + " and on () count(ftprobe_probe_accuracy{" + run + "}) == "
                                        + 2 * PROBED_LAYERS,
                                Instant.now())
                        .isEmpty());
        await(
                "both alarms firing",
                () -> !firing("FtprobeDeadLetters").isEmpty()
                        && firing("FtprobeTrainTestDivergence").size() >= LAYERS);

        // every rule evaluates without an error on real series (a matching error shows only there)
        List<String> rules = new ArrayList<>();
        for (JsonNode g : api.get("/api/v1/rules", Map.of()).path("groups")) {
            for (JsonNode r : g.path("rules")) {
                assertThat(r.path("health").asText())
                        .as(r.path("name") + ": " + r.path("lastError"))
                        .isEqualTo("ok");
                rules.add(r.path("name").asText());
            }
        }
        assertThat(rules)
                .contains(
                        "FtprobeTrainTestDivergence",
                        "FtprobeAnalyzerBehind",
                        "FtprobeDeadLetters",
                        "FtprobeRunStalled");
        // the extractor's one dead letter, nothing from the analyzer
        assertThat(firing("FtprobeDeadLetters"))
                .singleElement()
                .satisfies(alert ->
                        assertThat(alert).containsEntry("job", "extractor").containsEntry("service", "extractor"));
        // one per layer: every similarity is below the minimum, none has fallen by more than 0.3
        assertThat(firing("FtprobeTrainTestDivergence")).hasSize(LAYERS);
        for (Map<String, String> alert : firing("FtprobeTrainTestDivergence")) {
            assertThat(alert)
                    .containsEntry("condition", "below_min")
                    .containsEntry("run", ServiceMetrics.RUN_ID)
                    .containsEntry("task", "pos")
                    .containsEntry("analysis", ServiceMetrics.ANALYSIS_ID)
                    .containsKey("layer");
        }
        assertThat(firing("FtprobeAnalyzerBehind")).isEmpty();
        assertThat(firing("FtprobeRunStalled")).isEmpty();
        // and Alertmanager has them
        PrometheusApi am = new PrometheusApi(alertmanager.base());
        await(
                "the alarms in Alertmanager",
                () -> alertmanagerAlerts(am).containsAll(Set.of("FtprobeDeadLetters", "FtprobeTrainTestDivergence")));

        checkDashboards();
        checkSeries();
    }

    private void checkDashboards() throws Exception {
        Instant end = Instant.now();
        GrafanaQueries grafana = new GrafanaQueries(api, started, end, INTERVAL, INTERVAL);
        List<String> problems = new ArrayList<>();
        int queries = 0;
        for (Map.Entry<String, JsonNode> d :
                DashboardsTest.load(RepoFiles.path(DashboardsTest.DASHBOARDS)).entrySet()) {
            for (GrafanaQueries.Query q : grafana.of(d.getKey(), d.getValue(), problems)) {
                queries++;
                String problem = grafana.check(q);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        }
        assertThat(problems).as("dashboard queries on live metrics").isEmpty();
        assertThat(queries).isGreaterThan(30);
        // the check sees a metric the services do not export
        GrafanaQueries.Query misspelt =
                new GrafanaQueries.Query("misspelt", "ftprobe_clusterz{" + "run=~\".*\"}", false, Set.of());
        assertThat(grafana.check(misspelt)).contains("no series");
    }

    /** Per-label series, no label pairs: the analyzer's series are the budget's, Prometheus' TSDB agrees. */
    private void checkSeries() throws Exception {
        Instant now = Instant.now();
        Map<String, Integer> byName = new TreeMap<>();
        for (JsonNode s : api.series("{__name__=~\"ftprobe_.+\", job=\"analyzer\"}", started, now)) {
            byName.merge(s.path("__name__").asText(), 1, Integer::sum);
        }
        // the labels with a minimum distance in each split's sets, from the series themselves
        List<Integer> labelsPerSplit = new ArrayList<>();
        for (JsonNode split : api.query("count by (split) (ftprobe_label_min_distance{layer=\"0\"})", now)) {
            labelsPerSplit.add(split.path("value").get(1).asInt());
        }
        assertThat(labelsPerSplit).hasSize(2);
        int total = byName.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(total)
                .as("the analyzer's ftprobe series " + byName)
                .isEqualTo(SeriesBudget.analyzer(LAYERS, labelsPerSplit, PROBED_LAYERS));
        int maxLabels =
                labelsPerSplit.stream().mapToInt(Integer::intValue).max().orElseThrow();
        JsonNode tsdb = api.get("/api/v1/status/tsdb", Map.of());
        long heads = tsdb.path("headStats").path("numSeries").asLong();
        assertThat(heads).isGreaterThanOrEqualTo(total);
        for (JsonNode m : tsdb.path("seriesCountByMetricName")) {
            String name = m.path("name").asText();
            if (name.startsWith("ftprobe_")) {
                assertThat(m.path("value").asInt())
                        .as(name + ": at most one series per layer, split and label")
                        .isLessThanOrEqualTo(LAYERS * 2 * maxLabels)
                        .isEqualTo(byName.getOrDefault(name, 0));
            }
        }
        // for BENCHMARKS.md: every job's series, and its ftprobe ones
        Map<String, String> perJob = new TreeMap<>();
        for (JsonNode j : api.query("count by (job) ({__name__=~\".+\", job!=\"\"})", now)) {
            perJob.put(
                    j.path("metric").path("job").asText(),
                    j.path("value").get(1).asText());
        }
        for (JsonNode j : api.query("count by (job) ({__name__=~\"ftprobe_.+\"})", now)) {
            perJob.merge(
                    j.path("metric").path("job").asText(),
                    j.path("value").get(1).asText(),
                    (a, b) -> a + " (ftprobe " + b + ")");
        }
        System.out.printf(
                "LiveChecks: %d series in the head; per job %s; the analyzer's ftprobe series %d (%s); "
                        + "labels per split %s%n",
                heads, perJob, total, byName, labelsPerSplit);
    }

    private List<Map<String, String>> firing(String alert) throws IOException, InterruptedException {
        List<Map<String, String>> out = new ArrayList<>();
        for (JsonNode s : api.query("ALERTS{alertname=\"" + alert + "\", alertstate=\"firing\"}", Instant.now())) {
            Map<String, String> labels = new TreeMap<>();
            s.path("metric")
                    .fields()
                    .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            out.add(labels);
        }
        return out;
    }

    private static Set<String> alertmanagerAlerts(PrometheusApi am) throws IOException, InterruptedException {
        Set<String> out = new TreeSet<>();
        for (JsonNode a : am.getPlain("/api/v2/alerts")) {
            out.add(a.path("labels").path("alertname").asText());
        }
        return out;
    }

    private void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what + "\n" + prometheus.log());
            }
            Thread.sleep(250);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (prometheus != null) {
            prometheus.close();
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
    }
}
