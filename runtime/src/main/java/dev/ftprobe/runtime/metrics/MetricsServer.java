package dev.ftprobe.runtime.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's metrics and health over HTTP: a Micrometer {@link PrometheusMeterRegistry} with the JVM's metrics bound
 * (memory, GC, threads, class loading, processor, uptime), served by the JDK's HTTP server at
 *
 * <ul>
 *   <li>{@code /metrics}: Prometheus text (OpenMetrics when the scraper asks for it);
 *   <li>{@code /health/live}: 200 while the process runs;
 *   <li>{@code /health/ready}: 200 when the service's readiness check passes, 503 otherwise.
 * </ul>
 *
 * Kafka clients and Streams applications are bound with {@link #bindKafkaClient} and {@link #bindKafkaStreams}; the
 * binders close with the server.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final HttpServer http;
    private final ExecutorService executor;
    private final List<AutoCloseable> binders = new CopyOnWriteArrayList<>();
    private volatile BooleanSupplier readiness = () -> false;
    private volatile boolean closed;

    private MetricsServer(PrometheusMeterRegistry registry, HttpServer http, ExecutorService executor) {
        this.registry = registry;
        this.http = http;
        this.executor = executor;
    }

    /**
     * A registry with the JVM metrics bound and {@code service} as the common tag {@code service}, served on
     * {@code host:port} (port 0 picks a free one). Not ready until {@link #setReadiness}.
     */
    public static MetricsServer start(String service, String host, int port) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags(List.of(Tag.of("service", service)));
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        MetricsServer server = new MetricsServer(registry, http, executor);
        server.bindJvm();
        http.setExecutor(executor);
        http.createContext("/metrics", server::metrics);
        http.createContext("/health/live", ex -> respond(ex, 200, "application/json", "{\"status\":\"UP\"}"));
        http.createContext("/health/ready", server::ready);
        http.createContext(
                "/",
                ex -> respond(
                        ex,
                        404,
                        "text/plain; charset=utf-8",
                        "not found; try /metrics, /health/live or /health/ready\n"));
        http.start();
        LOG.info("metrics and health on {}", server.baseUri());
        return server;
    }

    private void bindJvm() {
        for (MeterBinder b : List.<MeterBinder>of(
                new JvmMemoryMetrics(),
                new JvmThreadMetrics(),
                new ClassLoaderMetrics(),
                new ProcessorMetrics(),
                new UptimeMetrics())) {
            b.bindTo(registry);
        }
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        binders.add(gc);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The port actually bound. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://host:port} of the server. */
    public URI baseUri() {
        InetSocketAddress a = http.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getHostString();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
    }

    /** What {@code /health/ready} reports; an exception from the check counts as not ready. */
    public void setReadiness(BooleanSupplier check) {
        this.readiness = Objects.requireNonNull(check);
    }

    public boolean isReady() {
        try {
            return !closed && readiness.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.debug("readiness check failed", e);
            return false;
        }
    }

    /** Binds a producer's, consumer's or admin client's metrics; unbound when this server closes. */
    public KafkaClientMetrics bindKafkaClient(Object client) {
        KafkaClientMetrics m;
        if (client instanceof Producer<?, ?> p) {
            m = new KafkaClientMetrics(p);
        } else if (client instanceof Consumer<?, ?> c) {
            m = new KafkaClientMetrics(c);
        } else if (client instanceof AdminClient a) {
            m = new KafkaClientMetrics(a);
        } else {
            throw new IllegalArgumentException("not a Kafka client: " + client);
        }
        m.bindTo(registry);
        binders.add(m);
        return m;
    }

    /** Binds a Kafka Streams application's metrics; unbound when this server closes. */
    public KafkaStreamsMetrics bindKafkaStreams(KafkaStreams streams) {
        KafkaStreamsMetrics m = new KafkaStreamsMetrics(streams);
        m.bindTo(registry);
        binders.add(m);
        return m;
    }

    private void metrics(HttpExchange ex) throws IOException {
        String accept = ex.getRequestHeaders().getFirst("Accept");
        String type = accept != null && accept.contains("application/openmetrics-text")
                ? OPENMETRICS_CONTENT_TYPE
                : TEXT_CONTENT_TYPE;
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
        try {
            registry.scrape(body, type);
        } catch (RuntimeException e) {
            LOG.warn("scrape failed", e);
            respond(ex, 500, "text/plain; charset=utf-8", "scrape failed: " + e + "\n");
            return;
        }
        respond(ex, 200, type, body.toByteArray());
    }

    private void ready(HttpExchange ex) throws IOException {
        boolean ready = isReady();
        respond(ex, ready ? 200 : 503, "application/json", ready ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        respond(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = "HEAD".equalsIgnoreCase(ex.getRequestMethod());
            ex.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.stop(0);
        executor.shutdownNow();
        for (AutoCloseable b : binders) {
            try {
                b.close();
            } catch (Exception e) {
                LOG.debug("closing a metrics binder failed", e);
            }
        }
        registry.close();
    }
}
