package dev.ftprobe.events.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates and describes the registry's topics through the Admin client. */
public final class TopicAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    private static final long TIMEOUT_S = 60;

    /** What a topic is on the cluster, beside what the registry says it should be. */
    public record TopicState(
            String name,
            boolean exists,
            int partitions,
            int replicationFactor,
            Map<String, String> configs,
            Map<String, String> expectedConfigs,
            int expectedPartitions,
            List<String> mismatches,
            String description) {}

    private TopicAdmin() {}

    public static Admin admin(String bootstrap) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "ftprobe-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) TimeUnit.SECONDS.toMillis(TIMEOUT_S)));
    }

    /** Creates the registry's fixed topics that are missing; returns the names created. */
    public static List<String> createMissing(String bootstrap) {
        try (Admin admin = admin(bootstrap)) {
            return createMissing(admin, Topics.registry());
        }
    }

    /**
     * Creates those of {@code specs} that do not exist, idempotently: a topic that exists (or that another service
     * creates meanwhile) is left as it is, with a warning where its settings differ. Returns the names this call
     * created.
     */
    public static List<String> createMissing(Admin admin, Collection<? extends TopicSpec<?, ?>> specs) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
            List<NewTopic> toCreate = specs.stream()
                    .filter(s -> !existing.contains(s.name()))
                    .map(TopicSpec::newTopic)
                    .collect(Collectors.toList());
            List<String> created = new ArrayList<>();
            if (!toCreate.isEmpty()) {
                Map<String, KafkaFuture<Void>> results =
                        admin.createTopics(toCreate).values();
                for (Map.Entry<String, KafkaFuture<Void>> e : results.entrySet()) {
                    try {
                        e.getValue().get(TIMEOUT_S, TimeUnit.SECONDS);
                        created.add(e.getKey());
                        LOG.info("created topic {}", e.getKey());
                    } catch (ExecutionException ex) {
                        if (!(ex.getCause() instanceof TopicExistsException)) {
                            throw ex;
                        }
                    }
                }
            }
            awaitLeaders(admin, created);
            for (TopicState state : describe(admin, specs)) {
                // a topic created a moment ago has the registry's settings, though the metadata may not list it yet
                if (!created.contains(state.name()) && !state.mismatches().isEmpty()) {
                    LOG.warn("topic {} differs from the registry: {}", state.name(), state.mismatches());
                }
            }
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "creating topics failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topics timed out after " + TIMEOUT_S + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Waits until every partition of the new topics has a leader in the broker's metadata. A producer that writes to a
     * topic the broker has just created can get NOT_LEADER_OR_FOLLOWER on its first batch, and an idempotent producer's
     * retry of that batch was seen to loop on OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (a loaded 2-core
     * machine, the analyzer's broker test).
     */
    private static void awaitLeaders(Admin admin, List<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (true) {
            boolean ready;
            try {
                Map<String, TopicDescription> d =
                        admin.describeTopics(topics).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
                ready = d.size() == topics.size()
                        && d.values().stream()
                                .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                ready = false; // the broker's metadata does not list the new topic yet
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no leader for the partitions of " + topics + " after " + TIMEOUT_S + " s");
            }
            Thread.sleep(50);
        }
    }

    public static List<TopicState> describe(String bootstrap, Collection<? extends TopicSpec<?, ?>> specs) {
        try (Admin admin = admin(bootstrap)) {
            return describe(admin, specs);
        }
    }

    /** The state of each of {@code specs} on the cluster, with its differences from the registry. */
    public static List<TopicState> describe(Admin admin, Collection<? extends TopicSpec<?, ?>> specs) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
            List<String> present = specs.stream()
                    .map(TopicSpec::name)
                    .filter(existing::contains)
                    .toList();
            Map<String, TopicDescription> descriptions = present.isEmpty()
                    ? Map.of()
                    : admin.describeTopics(present).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
            Map<ConfigResource, Config> configs = present.isEmpty()
                    ? Map.of()
                    : admin.describeConfigs(present.stream()
                                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                                    .toList())
                            .all()
                            .get(TIMEOUT_S, TimeUnit.SECONDS);
            List<TopicState> out = new ArrayList<>();
            for (TopicSpec<?, ?> spec : specs) {
                Map<String, String> expected = spec.configs();
                if (!existing.contains(spec.name())) {
                    out.add(new TopicState(
                            spec.name(),
                            false,
                            0,
                            0,
                            Map.of(),
                            expected,
                            spec.partitions(),
                            List.of("missing"),
                            spec.description()));
                    continue;
                }
                TopicDescription d = descriptions.get(spec.name());
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
                Map<String, String> actual = new LinkedHashMap<>();
                List<String> mismatches = new ArrayList<>();
                for (Map.Entry<String, String> e : expected.entrySet()) {
                    ConfigEntry entry = config == null ? null : config.get(e.getKey());
                    String value = entry == null ? null : entry.value();
                    actual.put(e.getKey(), value);
                    if (!e.getValue().equals(value)) {
                        mismatches.add(e.getKey() + "=" + value + " (registry: " + e.getValue() + ")");
                    }
                }
                int partitions = d.partitions().size();
                if (partitions != spec.partitions()) {
                    mismatches.add("partitions=" + partitions + " (registry: " + spec.partitions() + ")");
                }
                int rf = d.partitions().isEmpty()
                        ? 0
                        : d.partitions().get(0).replicas().size();
                out.add(new TopicState(
                        spec.name(),
                        true,
                        partitions,
                        rf,
                        actual,
                        expected,
                        spec.partitions(),
                        mismatches,
                        spec.description()));
            }
            return out;
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "describing topics failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("describing topics timed out after " + TIMEOUT_S + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits until the cluster answers, up to {@code timeout}. */
    public static void awaitCluster(Admin admin, Duration timeout) {
        try {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka cluster not reachable within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
