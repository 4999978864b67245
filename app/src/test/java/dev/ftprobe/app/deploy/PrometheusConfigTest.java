package dev.ftprobe.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftprobe.runtime.Config;
import dev.ftprobe.runtime.ServiceRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy/prometheus/prometheus.yml scrapes each ftprobe service of the compose file where it serves its metrics. */
class PrometheusConfigTest {
    static Compose compose() {
        Map<String, String> env = new LinkedHashMap<>(Compose.envFile(".env.example"));
        env.put("GF_ADMIN_PASSWORD", "x");
        return Compose.load(env);
    }

    @Test
    void theTargetsAreTheServicesAndTheirMetricsPorts() {
        Compose compose = compose();
        JsonNode config = RepoFiles.yaml("deploy/prometheus/prometheus.yml");
        Map<String, String> expected = new HashMap<>();
        for (String s : compose.ftprobeServices()) {
            expected.put(s, s + ":" + compose.environment(s).get("FTPROBE_METRICS_PORT"));
        }
        Map<String, String> actual = new HashMap<>();
        for (JsonNode job : config.path("scrape_configs")) {
            String name = job.path("job_name").asText();
            assertThat(job.path("metrics_path").asText("/metrics")).as(name).isEqualTo("/metrics");
            assertThat(job.path("scheme").asText("http")).as(name).isEqualTo("http");
            JsonNode targets = job.path("static_configs");
            assertThat(targets).as(name).hasSize(1);
            assertThat(targets.get(0).path("targets")).as(name).hasSize(1);
            assertThat(actual.put(name, targets.get(0).path("targets").get(0).asText()))
                    .as("job " + name + " twice")
                    .isNull();
        }
        // one job per service, named after it, at the service's compose name and FTPROBE_METRICS_PORT
        assertThat(actual).isEqualTo(expected);
        assertThat(expected).containsOnlyKeys("trainer", "extractor", "analyzer");
    }

    @Test
    void theAlarmsAreLoadedAndSentToTheComposeAlertmanager() throws Exception {
        JsonNode config = RepoFiles.yaml(PrometheusTestConfig.SHIPPED);
        // relative to prometheus.yml, which compose mounts with its directory
        assertThat(config.path("rule_files")).hasSize(1);
        assertThat(config.path("rule_files").get(0).asText()).isEqualTo("rules/*.rules.yml");
        assertThat(PrometheusTestConfig.shippedRuleFiles())
                .containsExactly(RepoFiles.path("deploy/prometheus/rules/ftprobe.rules.yml"));
        JsonNode managers = config.path("alerting").path("alertmanagers");
        assertThat(managers).hasSize(1);
        JsonNode targets = managers.get(0).path("static_configs").get(0).path("targets");
        assertThat(targets).hasSize(1);
        // the compose service's name and the port it listens on in its container
        Compose compose = compose();
        assertThat(targets.get(0).asText())
                .isEqualTo(
                        "alertmanager:" + compose.ports("alertmanager").get(0).target());
    }

    @Test
    void aServiceRuntimeServesThePathsThatPrometheusAndTheHealthchecksAsk() throws Exception {
        // the runtime configured as the compose file configures the trainer, on a free port here
        Map<String, String> env = new HashMap<>(compose().environment("trainer"));
        env.put(Config.envName(ServiceRuntime.METRICS_PORT_KEY), "0");
        env.put(Config.envName(ServiceRuntime.METRICS_HOST_KEY), "127.0.0.1");
        HttpClient http = HttpClient.newHttpClient();
        try (ServiceRuntime rt =
                ServiceRuntime.startWithoutHook("trainer", Config.load(Map.of(), env, ServiceRuntime.DEFAULTS))) {
            URI base = rt.metrics().baseUri();
            HttpResponse<String> metrics = http.send(
                    HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
            // /health/ready, as the healthcheck asks: 503 until the service says it is ready (curl -f fails), then 200
            HttpRequest ready =
                    HttpRequest.newBuilder(base.resolve("/health/ready")).build();
            assertThat(http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(503);
            rt.setReadiness(() -> true);
            assertThat(http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
        }
    }
}
