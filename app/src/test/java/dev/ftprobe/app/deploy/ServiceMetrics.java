package dev.ftprobe.app.deploy;

import dev.ftprobe.analyzer.results.SeriesId;
import dev.ftprobe.analyzer.results.SetId;
import dev.ftprobe.analyzer.stream.Analyzer;
import dev.ftprobe.analyzer.stream.GeometrySetAnalysis;
import dev.ftprobe.broker.EmbeddedKafkaBroker;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.extractor.Extractor;
import dev.ftprobe.probe.ProbeGrid;
import dev.ftprobe.runtime.Config;
import dev.ftprobe.runtime.ServiceRuntime;
import dev.ftprobe.tasks.FixtureData;
import dev.ftprobe.tasks.TaskName;
import dev.ftprobe.trainer.Trainer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The metric names the three services really expose: the pipeline runs in this JVM against an embedded broker, each
 * service on its own {@link ServiceRuntime} (the registry its command serves at {@code /metrics}): the trainer
 * fine-tunes {@code random:tiny} on the fixture treebank for two steps, the extractor turns its checkpoints (and one
 * broken event, which it dead-letters) into embeddings, and the analyzer analyses every set (DirectProbe, as in
 * production) and the dynamics. The names are read from each registry's Prometheus scrape, so they are exactly what
 * Prometheus stores (counters' {@code _total}, timers' {@code _seconds_count}, ...), JVM and Kafka client metrics
 * included.
 */
final class ServiceMetrics {
    private static final Duration WAIT = Duration.ofMinutes(4);

    /** The run's id, and its analysis's. */
    static final String RUN_ID = "compose-metrics";

    static final String ANALYSIS_ID = "compose-test";

    /** What a test does with the services while they run. */
    interface Observer {
        /** The services serve their metrics (at these base URIs, by service name); nothing has run yet. */
        default void started(Map<String, URI> metrics) throws Exception {}

        /** Every set and step analysed and the dead letter counted; the services still run and serve. */
        default void analysed() throws Exception {}
    }

    private ServiceMetrics() {}

    /**
     * Service name to the samples of its scrape (each sample name with its label names), telling {@code observer} when
     * the services start and when everything is analysed.
     */
    static Map<String, Map<String, Set<String>>> run(Path tmp, Observer observer) throws Exception {
        Path data = FixtureData.materialise(tmp.resolve("data"));
        Map<String, Map<String, Set<String>>> names = new LinkedHashMap<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
                ServiceRuntime trainerRt = runtime("trainer");
                ServiceRuntime extractorRt = runtime("extractor");
                ServiceRuntime analyzerRt = runtime("analyzer")) {
            observer.started(Map.of(
                    "trainer", trainerRt.metrics().baseUri(),
                    "extractor", extractorRt.metrics().baseUri(),
                    "analyzer", analyzerRt.metrics().baseUri()));
            String bootstrap = broker.bootstrapServers();
            Set<SetId> sets = ConcurrentHashMap.newKeySet();
            Map<Extractor.Outcome, Integer> outcomes = new ConcurrentHashMap<>();
            Extractor extractor = Extractor.builder()
                    .setBootstrap(bootstrap)
                    .optDataDir(data)
                    .optMeterRegistry(extractorRt.registry())
                    .optListener(processed -> outcomes.merge(processed.outcome(), 1, Integer::sum))
                    .optChunkListener(
                            b -> sets.add(new SetId(b.runId(), b.step(), b.probeTask(), b.split(), b.layer())))
                    .build();
            AtomicReference<Throwable> extractorFailure = new AtomicReference<>();
            Thread extracting = new Thread(
                    () -> {
                        try {
                            extractor.run();
                        } catch (Throwable t) {
                            extractorFailure.set(t);
                        }
                    },
                    "extractor");
            try (Analyzer analyzer = Analyzer.builder()
                    .setBootstrap(bootstrap)
                    .optAnalysisId(ANALYSIS_ID)
                    .optStateDir(tmp.resolve("analyzer-state"))
                    .optSetAnalysis(GeometrySetAnalysis.builder().build())
                    // the classifier probe's small grid: the paper's (128 settings) holds the probed layer's last
                    // dynamics back for minutes on 2 cores, and the grid changes no metric name
                    .optProbeGrid(ProbeGrid.small())
                    .optMetrics(analyzerRt.metrics())
                    .build()
                    .start()) {
                extracting.start();
                Trainer.Result run = Trainer.builder()
                        .setBootstrap(bootstrap)
                        .setModel("random:tiny")
                        .setTask(TaskName.POS)
                        .setCheckpointDir(tmp.resolve("checkpoints"))
                        .optDataDir(data)
                        .optRunId(RUN_ID)
                        .optBatchSize(8)
                        .optMaxSeqLen(64)
                        .optMaxSteps(2)
                        .optCheckpointEvery(2)
                        .optMeterRegistry(trainerRt.registry())
                        .build()
                        .run();
                if (!run.complete()) {
                    throw new IllegalStateException("the trainer did not complete: " + run);
                }
                // a checkpoint event that does not decode: the extractor dead-letters it and counts the failure
                try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(
                        Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer())) {
                    p.send(new ProducerRecord<>(
                                    Topics.CHECKPOINTS.name(),
                                    RUN_ID,
                                    "not a checkpoint event".getBytes(StandardCharsets.UTF_8)))
                            .get();
                }
                // both checkpoints (steps 0 and 2) extracted, the broken event dead-lettered
                long deadline = System.nanoTime() + WAIT.toNanos();
                while ((outcomes.getOrDefault(Extractor.Outcome.EXTRACTED, 0) < 2
                                || outcomes.getOrDefault(Extractor.Outcome.DEAD_LETTERED, 0) < 1)
                        && System.nanoTime() < deadline
                        && extractorFailure.get() == null) {
                    Thread.sleep(100);
                }
                if (extractorFailure.get() != null) {
                    throw new IllegalStateException("the extractor failed", extractorFailure.get());
                }
                if (outcomes.getOrDefault(Extractor.Outcome.EXTRACTED, 0) < 2) {
                    throw new IllegalStateException("the extractor did not extract both checkpoints: " + outcomes);
                }
                // every set analysed, and each layer's dynamics at the last step
                int layers = 3; // random:tiny: the embeddings and 2 layers
                if (!analyzer.awaitSets(sets, WAIT)) {
                    throw new IllegalStateException("the analyzer did not analyse " + sets);
                }
                List<String> stepKeys = new ArrayList<>();
                for (int layer = 0; layer < layers; layer++) {
                    stepKeys.add(new SeriesId(RUN_ID, "pos", layer).stepKey(run.lastStep()));
                }
                if (!analyzer.awaitDynamics(stepKeys, WAIT)) {
                    throw new IllegalStateException("the analyzer emitted no dynamics for " + stepKeys);
                }
                observer.analysed();
                // scraped while every service still runs: closing a Kafka client unbinds its meters
                names.put("trainer", sampleNames(trainerRt.registry().scrape()));
                names.put("extractor", sampleNames(extractorRt.registry().scrape()));
                names.put("analyzer", sampleNames(analyzerRt.registry().scrape()));
            } finally {
                extractor.stop();
                extracting.join(60_000);
            }
        }
        return names;
    }

    private static ServiceRuntime runtime(String service) {
        // as in the container, but on a free port of this machine
        return ServiceRuntime.startWithoutHook(
                service,
                Config.load(
                        Map.of(),
                        Map.of(Config.envName(ServiceRuntime.METRICS_PORT_KEY), "0"),
                        ServiceRuntime.DEFAULTS));
    }

    private static final Pattern LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"(?:\\\\.|[^\"\\\\])*\"");

    /** The samples of a Prometheus text exposition: each name with the label names it has. */
    static Map<String, Set<String>> sampleNames(String exposition) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            Set<String> labels = out.computeIfAbsent(line.substring(0, end), k -> new TreeSet<>());
            if (end < line.length() && line.charAt(end) == '{') {
                Matcher m = LABEL.matcher(line.substring(end, line.lastIndexOf('}') + 1));
                while (m.find()) {
                    labels.add(m.group(1));
                }
            }
        }
        return out;
    }
}
