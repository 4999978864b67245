package dev.ftprobe.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Prometheus' HTTP API (v1), as Grafana's Prometheus datasource calls it; and Alertmanager's plain JSON. */
final class PrometheusApi {
    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    PrometheusApi(URI base) {
        this.base = base;
    }

    /** {@code /api/v1/query}: the instant vector (or scalar) of {@code expr} at {@code time}. */
    JsonNode query(String expr, Instant time) throws IOException, InterruptedException {
        return get("/api/v1/query", params("query", expr, "time", seconds(time)))
                .path("result");
    }

    /** {@code /api/v1/query_range}: the series of {@code expr} from {@code start} to {@code end}. */
    JsonNode queryRange(String expr, Instant start, Instant end, Duration step)
            throws IOException, InterruptedException {
        return get(
                        "/api/v1/query_range",
                        params(
                                "query",
                                expr,
                                "start",
                                seconds(start),
                                "end",
                                seconds(end),
                                "step",
                                String.format(Locale.ROOT, "%.3f", step.toMillis() / 1000.0)))
                .path("result");
    }

    /** {@code /api/v1/label/<label>/values} of the series {@code selector} selects between {@code start} and now. */
    List<String> labelValues(String label, String selector, Instant start, Instant end)
            throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        get(
                        "/api/v1/label/" + label + "/values",
                        params("match[]", selector, "start", seconds(start), "end", seconds(end)))
                .forEach(v -> out.add(v.asText()));
        return out;
    }

    /** {@code /api/v1/series}: the label sets of the series {@code selector} selects. */
    JsonNode series(String selector, Instant start, Instant end) throws IOException, InterruptedException {
        return get("/api/v1/series", params("match[]", selector, "start", seconds(start), "end", seconds(end)));
    }

    /** GET {@code path}: the {@code data} of a {@code "status": "success"} answer; anything else throws. */
    JsonNode get(String path, Map<String, String> params) throws IOException, InterruptedException {
        StringJoiner q = new StringJoiner("&");
        params.forEach((k, v) -> q.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        URI uri = base.resolve(path + (params.isEmpty() ? "" : "?" + q));
        JsonNode body = getPlain(uri);
        if (!body.path("status").asText().equals("success")) {
            throw new IOException(uri + " answered " + body.path("errorType").asText() + ": "
                    + body.path("error").asText());
        }
        return body.path("data");
    }

    /** GET {@code path} of an API that answers plain JSON (Alertmanager's v2); a status other than 200 throws. */
    JsonNode getPlain(String path) throws IOException, InterruptedException {
        return getPlain(base.resolve(path));
    }

    private JsonNode getPlain(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = RepoFiles.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IOException(uri + " answered " + r.statusCode() + ", not JSON: " + r.body(), e);
        }
        if (r.statusCode() != 200) {
            throw new IOException(uri + " answered " + r.statusCode() + ": " + body);
        }
        return body;
    }

    static Map<String, String> params(String... keysAndValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    private static String seconds(Instant t) {
        return String.format(Locale.ROOT, "%.3f", t.toEpochMilli() / 1000.0);
    }
}
