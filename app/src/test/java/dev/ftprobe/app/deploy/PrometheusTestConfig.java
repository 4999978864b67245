package dev.ftprobe.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * deploy/prometheus/prometheus.yml as the live test runs it: the shipped file, parsed, with only what points into the
 * compose network replaced (each job's target by the address where its service runs in the test, Alertmanager's by the
 * test's, the rule files by the test's copies) and the intervals shortened, so that a run of seconds has samples and
 * evaluated rules. Everything else (jobs, metrics paths, the alerting section) is the shipped file's.
 */
final class PrometheusTestConfig {
    static final String SHIPPED = "deploy/prometheus/prometheus.yml";

    private PrometheusTestConfig() {}

    /** The shipped configuration. */
    static JsonNode shipped() {
        return RepoFiles.yaml(SHIPPED);
    }

    /** The rule files the shipped configuration loads: its {@code rule_files} globs, relative to its directory. */
    static List<Path> shippedRuleFiles() throws IOException {
        Path dir = RepoFiles.path(SHIPPED).getParent();
        List<Path> out = new ArrayList<>();
        for (JsonNode glob : shipped().path("rule_files")) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob.asText());
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(f -> Files.isRegularFile(f) && m.matches(dir.relativize(f)))
                        .sorted()
                        .forEach(out::add);
            }
        }
        return out;
    }

    /**
     * The test's configuration: every scrape job's targets replaced by the job's entry in {@code targets} (a job
     * without one, or an entry without a job, is an error: the services and the jobs must match), Alertmanager's by
     * {@code alertmanager}, {@code rule_files} by {@code rules}, scrape and evaluation every {@code interval}.
     */
    static ObjectNode of(Map<String, URI> targets, URI alertmanager, List<Path> rules, Duration interval) {
        ObjectNode config = (ObjectNode) shipped().deepCopy();
        ObjectNode global = config.withObjectProperty("global");
        global.put("scrape_interval", interval.toMillis() + "ms");
        global.put("evaluation_interval", interval.toMillis() + "ms");
        Set<String> jobs = new HashSet<>();
        for (JsonNode job : config.path("scrape_configs")) {
            String name = job.path("job_name").asText();
            URI target = targets.get(name);
            if (target == null) {
                throw new IllegalArgumentException(
                        SHIPPED + ": job " + name + " has no service in the test " + targets);
            }
            jobs.add(name);
            ArrayNode statics = ((ObjectNode) job).putArray("static_configs");
            statics.addObject().putArray("targets").add(target.getAuthority());
        }
        if (!jobs.equals(targets.keySet())) {
            throw new IllegalArgumentException(SHIPPED + " scrapes " + jobs + ", the test runs " + targets.keySet());
        }
        JsonNode managers = config.path("alerting").path("alertmanagers");
        if (managers.size() != 1) {
            throw new IllegalArgumentException(SHIPPED + ": expected one alertmanagers entry, got " + managers);
        }
        ((ObjectNode) managers.get(0))
                .putArray("static_configs")
                .addObject()
                .putArray("targets")
                .add(alertmanager.getAuthority());
        ArrayNode files = config.putArray("rule_files");
        rules.forEach(r -> files.add(r.toAbsolutePath().toString()));
        return config;
    }

    /**
     * A copy of a rule file with the recording rules named in {@code exprs} given those expressions (the way a user
     * sets the alarms' thresholds), written to {@code out}; a name the file does not record is an error.
     */
    static Path withRecords(Path rules, Map<String, String> exprs, Path out) throws IOException {
        JsonNode tree = RepoFiles.YAML.readTree(rules.toFile());
        Set<String> found = new HashSet<>();
        for (JsonNode group : tree.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String record = rule.path("record").asText(null);
                if (record != null && exprs.containsKey(record)) {
                    ((ObjectNode) rule).put("expr", exprs.get(record));
                    found.add(record);
                }
            }
        }
        if (!found.equals(exprs.keySet())) {
            throw new IllegalArgumentException(rules + " records none of " + exprs.keySet() + " but " + found);
        }
        RepoFiles.YAML.writeValue(out.toFile(), tree);
        return out;
    }
}
