package dev.ftprobe.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftprobe.app.FtprobeCommand;
import dev.ftprobe.app.analyzer.AnalyzerOptions;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.runtime.Config;
import dev.ftprobe.runtime.ServiceRuntime;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, the Dockerfile and .env.example, as docker compose would use them after {@code cp .env.example
 * .env} and setting the Grafana password. No Docker engine is needed.
 */
class ComposeFileTest {
    static final Set<String> SERVICES =
            Set.of("kafka", "topics", "trainer", "extractor", "analyzer", "prometheus", "alertmanager", "grafana");
    static final Set<String> LONG_RUNNING =
            Set.of("kafka", "trainer", "extractor", "analyzer", "prometheus", "alertmanager", "grafana");
    /** An image tag that names a version: starts with digits and a dot (v optional), never "latest". */
    static final Pattern VERSION_TAG = Pattern.compile("v?\\d+\\.\\d+[0-9A-Za-z._-]*");

    /** The Compose Specification's JSON schema (compose-spec/compose-spec, schema/compose-spec.json). */
    static final String COMPOSE_SPEC = "compose-spec/compose-spec.json";

    static Map<String, String> env;
    static Compose compose;

    @BeforeAll
    static void load() {
        env = new LinkedHashMap<>(Compose.envFile(".env.example"));
        env.put("GF_ADMIN_PASSWORD", "a-password-set-in-.env");
        compose = Compose.load(env);
    }

    @Test
    void hasTheServices() {
        assertThat(compose.serviceNames()).containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(compose.ftprobeServices()).containsExactlyInAnyOrder("trainer", "extractor", "analyzer");
    }

    @Test
    void theFileValidatesAgainstTheComposeSpecification() {
        // as docker compose validates it: after interpolation, against the Compose Specification's schema (neither
        // docker compose nor Debian's docker-compose 1.29, which rejects the top-level name, can run here)
        assertThat(JsonSchemas.errors(COMPOSE_SPEC, compose.root)).isEmpty();
        // the check has teeth: a misspelt service key and a port that is no port are errors naming their place
        ObjectNode broken = compose.root.deepCopy();
        ObjectNode alertmanager = (ObjectNode) broken.path("services").path("alertmanager");
        alertmanager.set("healtcheck", alertmanager.remove("healthcheck"));
        ((ObjectNode) broken.path("services").path("prometheus"))
                .putArray("ports")
                .add(true);
        assertThat(JsonSchemas.errors(COMPOSE_SPEC, broken))
                .anyMatch(e -> e.contains("/services/alertmanager") && e.contains("healtcheck"))
                .anyMatch(e -> e.startsWith("/services/prometheus/ports/0"));
    }

    @Test
    void withoutAPasswordInEnvComposeRefusesToStart() {
        // .env.example leaves it empty: a copy used as is must not start Grafana with a known password
        assertThat(Compose.envFile(".env.example")).containsEntry("GF_ADMIN_PASSWORD", "");
        assertThatThrownBy(() -> Compose.load(Compose.envFile(".env.example")))
                .isInstanceOf(Compose.MissingVariableException.class)
                .satisfies(e -> assertThat(((Compose.MissingVariableException) e).variable)
                        .isEqualTo("GF_ADMIN_PASSWORD"));
        String raw = RepoFiles.yaml("docker-compose.yml")
                .path("services")
                .path("grafana")
                .path("environment")
                .path("GF_SECURITY_ADMIN_PASSWORD")
                .asText();
        assertThat(raw).matches("\\$\\{GF_ADMIN_PASSWORD:\\?[^}]+\\}");
        assertThat(compose.environment("grafana"))
                .containsEntry("GF_SECURITY_ADMIN_PASSWORD", "a-password-set-in-.env");
        // nothing else may set it: no __FILE variant, no config file with a password
        assertThat(compose.environment("grafana").keySet()).noneMatch(k -> k.startsWith("GF_SECURITY_ADMIN_PASSWORD_"));
        assertThat(RepoFiles.text(".gitignore").lines()).contains(".env");
    }

    @Test
    void everyPulledImageIsPinnedToAVersion() {
        for (String s : compose.serviceNames()) {
            JsonNode svc = compose.service(s);
            String image = svc.path("image").asText();
            if (svc.has("build")) {
                // built here from the Dockerfile (checked below); never pulled
                assertThat(svc.path("pull_policy").asText()).as(s).isEqualTo("build");
                assertThat(image).as(s).isEqualTo("ftprobe:local");
                continue;
            }
            assertThat(image).as(s).doesNotContain("@").contains(":");
            String tag = image.substring(image.lastIndexOf(':') + 1);
            assertThat(tag).as(s + " image tag").matches(VERSION_TAG).doesNotContainIgnoringCase("latest");
        }
        assertThat(compose.service("kafka").path("image").asText())
                .as("official Apache Kafka 4.x")
                .matches("apache/kafka:4\\.\\d+\\.\\d+");
    }

    @Test
    void theDockerfileIsMultiStageWithPinnedImagesAndTheShadedJar() {
        String dockerfile = RepoFiles.text("deploy/docker/Dockerfile");
        List<String[]> froms = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?").matcher(dockerfile);
        while (m.find()) {
            froms.add(new String[] {m.group(1), m.group(2)});
        }
        assertThat(froms).hasSizeGreaterThanOrEqualTo(2);
        for (String[] f : froms) {
            assertThat(f[0]).startsWith("eclipse-temurin:17");
            assertThat(f[0].substring(f[0].indexOf(':') + 1))
                    .matches(VERSION_TAG)
                    .doesNotContain("latest");
        }
        assertThat(froms.get(0)[0]).endsWith("-jdk");
        assertThat(froms.get(froms.size() - 1)[0]).as("runtime: a JRE").endsWith("-jre");
        assertThat(dockerfile)
                .contains("./mvnw -B -q package -DskipTests", "app/target/ftprobe.jar", "COPY --from=build");
        assertThat(dockerfile).containsPattern("ENTRYPOINT \\[\"java\",[^\\]]*\"-jar\", \"/app/ftprobe.jar\"\\]");
        // the healthchecks call curl, so the runtime stage must install it
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        assertThat(runtime).containsPattern("apt-get install[^\\n]*\\bcurl\\b");
        for (String s : compose.ftprobeServices()) {
            assertThat(Compose.words(compose.service(s).path("healthcheck").path("test")))
                    .as(s)
                    .contains("curl");
        }
        // the jar the Dockerfile copies is the one the app module's shade plugin names
        assertThat(RepoFiles.text("app/pom.xml")).contains("<finalName>ftprobe</finalName>");
        // the build context leaves out build outputs and secrets but keeps what the wrapper needs
        List<String> ignored = RepoFiles.text(".dockerignore")
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertThat(ignored)
                .contains(".git", ".env", "**/target")
                .noneMatch(l -> l.startsWith(".mvn") || l.equals("mvnw"));
    }

    @Test
    void kafkaIsASingleNodeKraftBrokerWithoutAutoCreatedTopics() {
        Map<String, String> k = compose.environment("kafka");
        assertThat(k)
                .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        String nodeId = k.get("KAFKA_NODE_ID");
        assertThat(nodeId).matches("\\d+");
        // a valid KRaft cluster id (a base64 UUID), or the storage format fails at the first start
        assertThat(Uuid.fromString(k.get("CLUSTER_ID"))).isNotNull();

        Map<String, String> listeners = listeners(k.get("KAFKA_LISTENERS"));
        Map<String, String> advertised = listeners(k.get("KAFKA_ADVERTISED_LISTENERS"));
        String controller = k.get("KAFKA_CONTROLLER_LISTENER_NAMES");
        assertThat(listeners).containsKey(controller);
        assertThat(k.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
                .isEqualTo(nodeId + "@kafka:" + port(listeners.get(controller)));
        assertThat(listeners(k.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).keySet())
                .containsExactlyInAnyOrderElementsOf(listeners.keySet());
        assertThat(advertised).doesNotContainKey(controller);
        for (Map.Entry<String, String> a : advertised.entrySet()) {
            assertThat(listeners).containsKey(a.getKey());
        }

        // the containers' bootstrap is the listener advertised as kafka:<port>
        String internal = k.get("KAFKA_INTER_BROKER_LISTENER_NAME");
        String bootstrap = advertised.get(internal);
        assertThat(bootstrap).isEqualTo("kafka:" + port(listeners.get(internal)));
        for (String s : List.of("topics", "trainer", "extractor", "analyzer")) {
            List<String> cmd = Compose.words(compose.service(s).path("command"));
            assertThat(cmd).as(s).contains("--bootstrap");
            assertThat(cmd.get(cmd.indexOf("--bootstrap") + 1))
                    .as(s + " --bootstrap")
                    .isEqualTo(bootstrap);
        }

        // the host's port leads to a listener advertised as localhost:<that port>
        List<Compose.Port> ports = compose.ports("kafka");
        assertThat(ports).hasSize(1);
        Compose.Port p = ports.get(0);
        String hostListener = listeners.entrySet().stream()
                .filter(e -> port(e.getValue()).equals(p.target()))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no listener on " + p.target()));
        assertThat(advertised.get(hostListener)).isEqualTo("localhost:" + p.published());

        // embedding chunks are up to Topics.MAX_MESSAGE_BYTES
        assertThat(Long.parseLong(k.get("KAFKA_MESSAGE_MAX_BYTES"))).isGreaterThanOrEqualTo(Topics.MAX_MESSAGE_BYTES);
        assertThat(Long.parseLong(k.get("KAFKA_REPLICA_FETCH_MAX_BYTES")))
                .isGreaterThanOrEqualTo(Topics.MAX_MESSAGE_BYTES);
        // one broker: no internal topic may ask for more replicas than there are
        k.forEach((key, value) -> {
            if (key.endsWith("_REPLICATION_FACTOR")
                    || key.endsWith("_MIN_ISR")
                    || key.endsWith("MIN_INSYNC_REPLICAS")) {
                assertThat(value).as(key).isEqualTo("1");
            }
        });
        assertThat(compose.mounts("kafka"))
                .contains(new Compose.Mount("volume", "kafka-data", k.get("KAFKA_LOG_DIRS"), false));
        // the heap must fit the container
        Matcher xmx = Pattern.compile("-Xmx(\\S+)").matcher(k.get("KAFKA_HEAP_OPTS"));
        assertThat(xmx.find()).isTrue();
        assertThat(Compose.bytes(xmx.group(1))).isLessThan(compose.memoryLimit("kafka"));
        assertThat(Compose.words(compose.service("kafka").path("healthcheck").path("test")))
                .anyMatch(w -> w.contains("/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:"
                        + port(listeners.get(internal))));
    }

    private static Map<String, String> listeners(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : spec.split(",")) {
            int sep = l.indexOf(l.contains("://") ? "://" : ":");
            out.put(l.substring(0, sep), l.substring(sep + (l.contains("://") ? 3 : 1)));
        }
        return out;
    }

    private static String port(String hostPort) {
        return hostPort.substring(hostPort.lastIndexOf(':') + 1);
    }

    @Test
    void everyLongRunningServiceHasAHealthcheck() {
        for (String s : LONG_RUNNING) {
            List<String> test =
                    Compose.words(compose.service(s).path("healthcheck").path("test"));
            assertThat(test).as(s).isNotEmpty();
            assertThat(test.get(0)).as(s).isIn("CMD", "CMD-SHELL");
        }
        assertThat(compose.service("topics").has("healthcheck"))
                .as("a one-shot job")
                .isFalse();
        assertThat(compose.service("topics").path("restart").asText()).isEqualTo("no");
    }

    @Test
    void theServicesReadTheirMetricsAddressAndAskTheirOwnReadiness() {
        // the variables are the ones ServiceRuntime reads
        String hostVar = Config.envName(ServiceRuntime.METRICS_HOST_KEY);
        String portVar = Config.envName(ServiceRuntime.METRICS_PORT_KEY);
        Set<String> ports = new HashSet<>();
        for (String s : compose.ftprobeServices()) {
            Map<String, String> e = compose.environment(s);
            assertThat(e).as(s).containsEntry(hostVar, "0.0.0.0");
            String port = e.get(portVar);
            assertThat(port).as(s).matches("\\d+");
            assertThat(ports.add(port)).as(s + ": a port of its own").isTrue();
            assertThat(Compose.words(compose.service(s).path("healthcheck").path("test")))
                    .as(s)
                    .contains("http://127.0.0.1:" + port + "/health/ready");
            assertThat(compose.ports(s)).as(s).containsExactly(new Compose.Port("127.0.0.1", port, port));
        }
    }

    @Test
    void everyPublishedPortIsBoundToLoopback() {
        int published = 0;
        for (String s : compose.serviceNames()) {
            for (Compose.Port p : compose.ports(s)) {
                assertThat(p.hostIp()).as(s + " " + p).isEqualTo("127.0.0.1");
                assertThat(p.published()).as(s + " " + p).matches("\\d+");
                published++;
            }
        }
        assertThat(published).isGreaterThanOrEqualTo(6);
        assertThat(compose.ports("grafana")).containsExactly(new Compose.Port("127.0.0.1", "3000", "3000"));
        assertThat(compose.ports("prometheus")).containsExactly(new Compose.Port("127.0.0.1", "9090", "9090"));
        assertThat(compose.ports("alertmanager")).containsExactly(new Compose.Port("127.0.0.1", "9093", "9093"));
    }

    @Test
    void dependenciesWaitForAHealthyBrokerAndCreatedTopics() {
        assertThat(compose.dependsOn("topics")).isEqualTo(Map.of("kafka", "service_healthy"));
        for (String s : compose.ftprobeServices()) {
            assertThat(compose.dependsOn(s))
                    .as(s)
                    .containsEntry("kafka", "service_healthy")
                    .containsEntry("topics", "service_completed_successfully");
        }
        assertThat(compose.dependsOn("grafana")).containsEntry("prometheus", "service_healthy");
        // a service_healthy condition on a service without a healthcheck would wait forever
        for (String s : compose.serviceNames()) {
            compose.dependsOn(s).forEach((dep, condition) -> {
                assertThat(compose.serviceNames()).as(s + " depends on").contains(dep);
                if (condition.equals("service_healthy")) {
                    assertThat(compose.service(dep).has("healthcheck"))
                            .as(s + " -> " + dep)
                            .isTrue();
                }
            });
        }
    }

    @Test
    void volumesAreDeclaredSharedAndWhereTheServicesWrite() {
        Set<String> declared = new HashSet<>();
        compose.root.path("volumes").fieldNames().forEachRemaining(declared::add);
        Set<String> used = new HashSet<>();
        for (String s : compose.serviceNames()) {
            for (Compose.Mount m : compose.mounts(s)) {
                if (m.type().equals("volume")) {
                    assertThat(declared).as(s + " mounts " + m.source()).contains(m.source());
                    used.add(m.source());
                } else {
                    // every bind mount of a repository file or directory points at one that exists
                    if (!m.source().equals(env.getOrDefault("FTPROBE_HOST_DATA_DIR", "./data"))) {
                        assertThat(RepoFiles.path(m.source()))
                                .as(s + " bind-mounts " + m.source())
                                .exists();
                    }
                    assertThat(m.readOnly())
                            .as(s + " bind-mounts " + m.source() + " read-only")
                            .isTrue();
                }
            }
        }
        assertThat(used).isEqualTo(declared);
        for (String s : compose.ftprobeServices()) {
            assertThat(compose.mounts(s))
                    .as(s)
                    .contains(new Compose.Mount("volume", "checkpoints", "/checkpoints", false));
        }
        JsonNode prometheus = compose.service("prometheus");
        assertThat(Compose.words(prometheus.path("command")))
                .contains("--storage.tsdb.path=/prometheus", "--config.file=/etc/prometheus/prometheus.yml");
        // the whole directory: prometheus.yml loads rules/*.rules.yml relative to itself
        assertThat(compose.mounts("prometheus"))
                .contains(
                        new Compose.Mount("volume", "prometheus-data", "/prometheus", false),
                        new Compose.Mount("bind", "./deploy/prometheus", "/etc/prometheus", true));
        assertThat(Compose.words(compose.service("alertmanager").path("command")))
                .contains("--config.file=/etc/alertmanager/alertmanager.yml", "--storage.path=/alertmanager");
        assertThat(compose.mounts("alertmanager"))
                .containsExactlyInAnyOrder(
                        new Compose.Mount("volume", "alertmanager-data", "/alertmanager", false),
                        new Compose.Mount(
                                "bind",
                                "./deploy/alertmanager/alertmanager.yml",
                                "/etc/alertmanager/alertmanager.yml",
                                true));
        assertThat(compose.mounts("grafana"))
                .contains(new Compose.Mount("volume", "grafana-data", "/var/lib/grafana", false));
        // the image runs as a non-root user: a named volume starts with the owner of its mount point in
        // the image, so each one an ftprobe container writes must be created and chowned there
        List<String> owned = new ArrayList<>();
        List<String> ownedTrees = new ArrayList<>();
        Matcher chown = Pattern.compile("chown (-R )?ftprobe:ftprobe ([^\\n&\\\\]+)")
                .matcher(RepoFiles.text("deploy/docker/Dockerfile"));
        while (chown.find()) {
            (chown.group(1) != null ? ownedTrees : owned)
                    .addAll(List.of(chown.group(2).trim().split("\\s+")));
        }
        for (String s : compose.serviceNames()) {
            if (compose.service(s).has("build")) {
                for (Compose.Mount m : compose.mounts(s)) {
                    if (m.type().equals("volume")) {
                        assertThat(owned.contains(m.target())
                                        || ownedTrees.stream()
                                                .anyMatch(t -> m.target().startsWith(t + "/")))
                                .as(s + ": " + m + " owned by the image's user")
                                .isTrue();
                    }
                }
            }
        }
    }

    @Test
    void everyServiceHasAMemoryLimit() {
        for (String s : compose.serviceNames()) {
            assertThat(compose.memoryLimit(s)).as(s).isGreaterThanOrEqualTo(256L << 20);
        }
        for (String s : compose.ftprobeServices()) {
            assertThat(compose.memoryLimit(s)).as(s).isGreaterThanOrEqualTo(1L << 30);
        }
    }

    @Test
    void theTrainersModelAndTaskComeFromEnv() {
        String raw = String.join(
                " ",
                Compose.words(RepoFiles.yaml("docker-compose.yml")
                        .path("services")
                        .path("trainer")
                        .path("command")));
        assertThat(raw).contains("--model ${FTPROBE_MODEL:?", "--task ${FTPROBE_TASK:?");
        List<String> cmd = Compose.words(compose.service("trainer").path("command"));
        assertThat(cmd.get(cmd.indexOf("--model") + 1))
                .isEqualTo(env.get("FTPROBE_MODEL"))
                .isNotBlank();
        assertThat(cmd.get(cmd.indexOf("--task") + 1))
                .isEqualTo(env.get("FTPROBE_TASK"))
                .isNotBlank();
        // every variable the compose file reads is documented in .env.example
        Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)").matcher(RepoFiles.text("docker-compose.yml"));
        while (m.find()) {
            assertThat(Compose.envFile(".env.example")).as(".env.example").containsKey(m.group(1));
        }
    }

    @Test
    void theServicesRunRealCommandsOnTheirMounts() {
        for (String s : compose.serviceNames()) {
            if (!compose.service(s).has("build")) {
                continue; // not an ftprobe image
            }
            List<String> cmd = Compose.words(compose.service(s).path("command"));
            // parses with the real command tree: a misspelt option would only fail in the container
            assertThat(FtprobeCommand.commandLine()
                            .parseArgs(cmd.toArray(String[]::new))
                            .subcommand())
                    .as(s)
                    .isNotNull();
        }
        assertThat(option("trainer", "--checkpoint-dir")).isEqualTo(mountTarget("trainer", "checkpoints"));
        String data = env.getOrDefault("FTPROBE_HOST_DATA_DIR", "./data");
        assertThat(option("trainer", "--data-dir")).isEqualTo(mountTarget("trainer", data));
        assertThat(option("extractor", "--data-dir")).isEqualTo(mountTarget("extractor", data));
        assertThat(option("analyzer", "--state-dir")).isEqualTo(mountTarget("analyzer", "analyzer-state"));
        // the extractor opens the checkpoint files the trainer wrote, by the paths in their events
        assertThat(mountTarget("extractor", "checkpoints")).isEqualTo(mountTarget("trainer", "checkpoints"));
    }

    @Test
    void everyFtprobeVariableInTheEnvironmentIsOneTheCodeReads() {
        // the runtime's keys (Config maps key metrics.port to FTPROBE_METRICS_PORT) and logback's variables;
        // a variable nothing reads would be a setting that silently does nothing
        Set<String> read = new HashSet<>();
        for (String key : ServiceRuntime.DEFAULTS.keySet()) {
            read.add(Config.envName(key));
        }
        for (String key : AnalyzerOptions.configKeys()) {
            read.add(Config.envName(key));
        }
        Matcher m =
                Pattern.compile("\\$\\{(FTPROBE_\\w+)").matcher(RepoFiles.text("app/src/main/resources/logback.xml"));
        while (m.find()) {
            read.add(m.group(1));
        }
        for (String s : compose.serviceNames()) {
            for (String var : compose.environment(s).keySet()) {
                if (var.startsWith(Config.ENV_PREFIX)) {
                    assertThat(read).as(s + " sets " + var).contains(var);
                }
            }
        }
    }

    private static String option(String service, String option) {
        List<String> cmd = Compose.words(compose.service(service).path("command"));
        assertThat(cmd).as(service).contains(option);
        return cmd.get(cmd.indexOf(option) + 1);
    }

    private static String mountTarget(String service, String source) {
        return compose.mounts(service).stream()
                .filter(m -> m.source().equals(source))
                .map(Compose.Mount::target)
                .findFirst()
                .orElseThrow(() -> new AssertionError(service + " does not mount " + source));
    }

    @Test
    void theTopicsJobRunsTheRealCommand() {
        List<String> cmd = Compose.words(compose.service("topics").path("command"));
        assertThat(cmd.subList(0, 2)).containsExactly("topics", "create");
        // parses with the real command tree: a misspelt option would fail at run time in the container
        assertThat(FtprobeCommand.commandLine()
                        .parseArgs(cmd.toArray(String[]::new))
                        .subcommand())
                .isNotNull();
        // and creates the analyzer's output topics for the same analysis id
        List<String> analyzer = Compose.words(compose.service("analyzer").path("command"));
        assertThat(cmd.get(cmd.indexOf("--analysis-id") + 1))
                .isEqualTo(analyzer.get(analyzer.indexOf("--analysis-id") + 1));
        assertThat(Files.isExecutable(RepoFiles.path("mvnw"))).isTrue();
    }
}
