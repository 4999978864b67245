package dev.ftprobe.analyzer.stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ftprobe.events.codec.JsonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP queries over the analysis state, JSON answers:
 *
 * <ul>
 *   <li>{@code GET /runs}: every run with dynamics and its (task, layer) series;
 *   <li>{@code GET /runs/{id}/dynamics?task=T&layer=L}: the run's step dynamics (task and layer optional), ordered by
 *       task, layer and step; 404 when the run has none.
 * </ul>
 *
 * 503 while the stores are not queryable (the application is starting or rebalancing). One instance answers from its
 * own stores: the analyzer runs as a single instance.
 */
public final class QueryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
    private final HttpServer http;
    private final ExecutorService executor;
    private final DynamicsQueries queries;

    private QueryServer(HttpServer http, ExecutorService executor, DynamicsQueries queries) {
        this.http = http;
        this.executor = executor;
        this.queries = queries;
    }

    /** Serves {@code queries} on {@code host:port} (0: a free port). */
    public static QueryServer start(DynamicsQueries queries, String host, int port) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve queries on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "analyzer-queries");
            t.setDaemon(true);
            return t;
        });
        QueryServer server = new QueryServer(http, executor, queries);
        http.setExecutor(executor);
        http.createContext("/runs", server::handle);
        http.createContext("/", ex -> respond(ex, 404, Map.of("error", "not found; try /runs")));
        http.start();
        LOG.info("analysis queries on {}/runs", server.baseUri());
        return server;
    }

    public URI baseUri() {
        InetSocketAddress a = http.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getHostString();
        return URI.create("http://" + host + ":" + a.getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            if (!"GET".equals(ex.getRequestMethod())) {
                respond(ex, 405, Map.of("error", "only GET"));
                return;
            }
            String path = ex.getRequestURI().getPath();
            String[] parts = path.replaceAll("/+$", "").split("/");
            if (parts.length == 2) { // "", "runs"
                respond(ex, 200, queries.runs());
            } else if (parts.length == 4 && parts[3].equals("dynamics")) {
                Map<String, String> q = query(ex.getRequestURI().getRawQuery());
                Optional<Integer> layer;
                try {
                    layer = Optional.ofNullable(q.get("layer")).map(Integer::parseInt);
                } catch (NumberFormatException e) {
                    respond(ex, 400, Map.of("error", "layer must be an integer, was \"" + q.get("layer") + "\""));
                    return;
                }
                String run = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
                Optional<String> task = Optional.ofNullable(q.get("task"));
                List<?> d = queries.dynamics(run, task, layer);
                if (d.isEmpty()) {
                    respond(
                            ex,
                            404,
                            Map.of(
                                    "error",
                                    "no dynamics for run " + run
                                            + task.map(t -> ", task " + t).orElse("")
                                            + layer.map(l -> ", layer " + l).orElse("")));
                    return;
                }
                respond(ex, 200, d);
            } else {
                respond(ex, 404, Map.of("error", "not found; try /runs or /runs/{id}/dynamics?task=&layer="));
            }
        } catch (InvalidStateStoreException e) {
            respond(ex, 503, Map.of("error", "state not queryable yet: " + e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("query {} failed", ex.getRequestURI(), e);
            respond(ex, 500, Map.of("error", e.toString()));
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String p : raw.split("&")) {
            int eq = p.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8);
            if (!v.isEmpty()) {
                out.put(k, v);
            }
        }
        return out;
    }

    private static void respond(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JsonCodec.mapper().writeValueAsBytes(body);
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
