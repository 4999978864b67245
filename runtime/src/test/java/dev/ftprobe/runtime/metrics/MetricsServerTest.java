package dev.ftprobe.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesPrometheusTextAndHealth() throws Exception {
        try (MetricsServer server = MetricsServer.start("test-service", "127.0.0.1", 0);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        Map.of("bootstrap.servers", "127.0.0.1:1", "client.id", "metrics-test"),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            server.registry().counter("ftprobe_test_events").increment(3);
            server.bindKafkaClient(producer);

            HttpResponse<String> metrics = get(server.baseUri().resolve("/metrics"), null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            assertThat(metrics.body())
                    .contains("# TYPE ftprobe_test_events_total counter")
                    .contains("ftprobe_test_events_total{service=\"test-service\"} 3.0")
                    .contains("jvm_memory_used_bytes")
                    .contains("jvm_threads_live_threads")
                    .contains("system_cpu_count")
                    .contains("kafka_producer_");

            HttpResponse<String> open = get(server.baseUri().resolve("/metrics"), "application/openmetrics-text");
            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(open.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/openmetrics-text"));
            assertThat(open.body()).endsWith("# EOF\n");

            assertThat(get(server.baseUri().resolve("/health/live"), null).statusCode())
                    .isEqualTo(200);
            assertThat(get(server.baseUri().resolve("/health/ready"), null).statusCode())
                    .isEqualTo(503);
            AtomicBoolean ready = new AtomicBoolean(true);
            server.setReadiness(ready::get);
            HttpResponse<String> r = get(server.baseUri().resolve("/health/ready"), null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"status\":\"UP\"}");
            ready.set(false);
            assertThat(get(server.baseUri().resolve("/health/ready"), null).statusCode())
                    .isEqualTo(503);
            server.setReadiness(() -> {
                throw new IllegalStateException("boom");
            });
            assertThat(get(server.baseUri().resolve("/health/ready"), null).statusCode())
                    .isEqualTo(503);
            assertThat(get(server.baseUri().resolve("/nope"), null).statusCode())
                    .isEqualTo(404);
        }
    }

    private HttpResponse<String> get(URI uri, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
