package dev.ftprobe.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftprobe.app.DebianPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alarms and the Prometheus and Alertmanager configurations, checked by the real tools: {@code promtool check
 * config}, {@code check rules}, the rules' unit tests ({@code promtool test rules}, kept beside the rules as
 * {@code *.test.yml}) and {@code amtool check-config} (Debian's prometheus and prometheus-alertmanager, installed where
 * missing: {@link DebianPackage}).
 */
class PromtoolTest {
    static final String RULES = "deploy/prometheus/rules";
    static final String ALERTMANAGER_CONFIG = "deploy/alertmanager/alertmanager.yml";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    static Path promtool;

    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() throws Exception {
        promtool = DebianPackage.of("prometheus", "/usr/bin/promtool", "/usr/bin/prometheus")
                .require();
    }

    @Test
    void theConfigurationIsValidAndLoadsEveryRuleFile() throws Exception {
        ProgramRun r = promtool("check", "config", PrometheusTestConfig.SHIPPED);
        assertThat(r.exit()).as(r.output()).isZero();
        List<Path> rules = PrometheusTestConfig.shippedRuleFiles();
        // every rule file in rules/ is loaded (a test file is not: it is not a rule file)
        assertThat(rules).containsExactlyElementsOf(ruleFiles());
        for (Path f : rules) {
            assertThat(r.output()).contains(RepoFiles.root().relativize(f).toString());
        }
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void theRulesAreValid() throws Exception {
        for (Path f : ruleFiles()) {
            ProgramRun r = promtool("check", "rules", f.toString());
            assertThat(r.exit()).as(f + ": " + r.output()).isZero();
            assertThat(r.output()).as(f.toString()).contains("SUCCESS");
        }
    }

    @Test
    void everyAlertIsUnitTestedAndTheTestsPass() throws Exception {
        Set<String> alerts = new TreeSet<>();
        for (Path f : ruleFiles()) {
            Path test = testFileOf(f);
            assertThat(test).as("the unit tests of " + f).exists();
            ProgramRun r = promtool("test", "rules", test.toString());
            assertThat(r.exit()).as(test + ": " + r.output()).isZero();
            Set<String> tested = new TreeSet<>();
            for (JsonNode t : RepoFiles.YAML.readTree(test.toFile()).path("tests")) {
                t.path("alert_rule_test").forEach(a -> {
                    if (!a.path("exp_alerts").isEmpty()) {
                        tested.add(a.path("alertname").asText());
                    }
                });
            }
            Set<String> defined = alertNames(f);
            assertThat(tested).as("alerts of " + f + " seen firing in " + test).isEqualTo(defined);
            alerts.addAll(defined);
        }
        assertThat(alerts)
                .containsExactlyInAnyOrder(
                        "FtprobeTrainTestDivergence",
                        "FtprobeAnalyzerBehind",
                        "FtprobeDeadLetters",
                        "FtprobeRunStalled");
    }

    @Test
    void theUnitTestsSeeTheDivergenceThreshold() throws Exception {
        // the same tests on rules whose minimum similarity is 0.4 instead of 0.5: 0.44 is no longer an alarm, and the
        // tests say so (they can fail)
        Path rules = ruleFiles().get(0);
        Path dir = Files.createDirectories(tmp.resolve("rules"));
        PrometheusTestConfig.withRecords(
                rules, Map.of("ftprobe:train_test_similarity:min", "vector(0.4)"), dir.resolve(rules.getFileName()));
        Path test = testFileOf(rules);
        Files.copy(test, dir.resolve(test.getFileName()));
        ProgramRun r = promtool("test", "rules", dir.resolve(test.getFileName()).toString());
        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("FtprobeTrainTestDivergence", "below_min");
    }

    @Test
    void theAlertmanagerConfigurationIsValid() throws Exception {
        DebianPackage.of("prometheus-alertmanager", "/usr/bin/prometheus-alertmanager", "/usr/bin/amtool")
                .require();
        ProgramRun r = ProgramRun.of(
                RepoFiles.root(), TIMEOUT, List.of("/usr/bin/amtool", "check-config", ALERTMANAGER_CONFIG));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS", "1 receivers");
    }

    /** The rule files in the rules directory: every YAML file but the unit tests. */
    static List<Path> ruleFiles() throws IOException {
        try (Stream<Path> files = Files.list(RepoFiles.path(RULES))) {
            List<Path> out = new ArrayList<>(files.filter(f -> f.toString().endsWith(".yml"))
                    .filter(f -> !f.toString().endsWith(".test.yml"))
                    .sorted()
                    .toList());
            assertThat(out).as("rule files in " + RULES).isNotEmpty();
            return out;
        }
    }

    /** {@code x.rules.yml}'s unit tests: {@code x.test.yml}. */
    static Path testFileOf(Path rules) {
        String name = rules.getFileName().toString();
        return rules.resolveSibling(name.substring(0, name.indexOf('.')) + ".test.yml");
    }

    static Set<String> alertNames(Path rules) throws IOException {
        Set<String> out = new TreeSet<>();
        for (JsonNode g : RepoFiles.YAML.readTree(rules.toFile()).path("groups")) {
            g.path("rules").forEach(r -> {
                if (r.has("alert")) {
                    out.add(r.path("alert").asText());
                }
            });
        }
        return out;
    }

    private ProgramRun promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        return ProgramRun.of(RepoFiles.root(), TIMEOUT, command);
    }
}
