package dev.ftprobe.extractor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.DeadLetter;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.codec.EventCodecs;
import dev.ftprobe.events.kafka.KafkaConfigs;
import dev.ftprobe.events.topics.RunLog;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.tasks.Example;
import dev.ftprobe.tasks.TaskConfig;
import dev.ftprobe.tasks.TaskDataset;
import dev.ftprobe.tasks.TaskLoader;
import dev.ftprobe.tasks.TaskName;
import dev.ftprobe.tasks.data.DataSource;
import dev.ftprobe.trainer.TinyPosRig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extractor against an embedded broker, on checkpoints of random:tiny trained on the fixture treebank. */
class ExtractorTest {
    static final int LAYERS = 3; // tiny: embeddings + 2 encoder layers
    static final int CHUNK = 50;
    static TinyPosRig rig;
    static String bootstrap;

    @TempDir
    static Path tmp;

    static Path data;
    static Path store;
    static TaskDataset pos;

    @BeforeAll
    static void start() throws Exception {
        rig = TinyPosRig.start(tmp);
        data = rig.data();
        store = rig.store();
        pos = rig.pos();
        bootstrap = rig.bootstrap();
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    /** Trains {@code runId} for {@code steps} steps with a checkpoint after each; returns its events. */
    static List<CheckpointEvent> train(String runId, int steps, long seed) throws Exception {
        rig.trainer(runId)
                .optMaxSteps(steps)
                .optCheckpointEvery(1)
                .optSeed(seed)
                .build()
                .run();
        return RunLog.checkpoints(bootstrap, runId);
    }

    static Extractor.Builder extractor(String group, String runId) {
        return Extractor.builder()
                .setBootstrap(bootstrap)
                .optDataDir(data)
                .optGroupId(group)
                .optTransactionalId("tx-" + group)
                .optRunIds(Set.of(runId))
                .optChunkSize(CHUNK)
                .optExitWhenIdle(Duration.ofSeconds(3));
    }

    static List<EmbeddingBatch> chunks(String runId) {
        List<EmbeddingBatch> out = new ArrayList<>();
        RunLog.readToEnd(bootstrap, Topics.EMBEDDINGS, RunLog.DEFAULT_TIMEOUT, r -> {
            if (r.value().runId().equals(runId)) {
                out.add(r.value());
            }
        });
        return out;
    }

    @Test
    void everySetHasOneVectorPerExampleWithItsLabel() throws Exception {
        train("x-sets", 2, 42);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        List<Extractor.Processed> processed = new ArrayList<>();
        extractor("g-sets", "x-sets")
                .optMeterRegistry(metrics)
                .optListener(p -> {
                    if (p.outcome() != Extractor.Outcome.SKIPPED) {
                        processed.add(p);
                    }
                })
                .build()
                .run();
        assertThat(processed)
                .extracting(Extractor.Processed::outcome)
                .containsOnly(Extractor.Outcome.EXTRACTED)
                .hasSize(3);

        RunInspector.RunReport report =
                RunInspector.inspectRun(bootstrap, "x-sets").orElseThrow();
        assertThat(report.checkpointSteps()).containsExactly(0L, 1L, 2L);
        assertThat(report.sets()).hasSize(3 * 2 * LAYERS);
        assertThat(report.allComplete()).isTrue();
        for (RunInspector.SetReport s : report.sets()) {
            int n = pos.split(s.split()).examples().size();
            assertThat(s.vectors()).as(s.toString()).isEqualTo(n);
            assertThat(s.dim()).isEqualTo(128);
            assertThat(s.chunkCount()).isEqualTo((n + CHUNK - 1) / CHUNK);
            assertThat(s.duplicateChunks()).isZero();
        }

        // keyed by series: one partition holds a layer's chunks, train and test, checkpoint after
        // checkpoint, which is what lets the analyzer analyse a series' sets in step order and
        // compute its dynamics in the same task
        Map<Integer, List<ConsumerRecord<String, EmbeddingBatch>>> byLayer = new HashMap<>();
        RunLog.readToEnd(bootstrap, Topics.EMBEDDINGS, RunLog.DEFAULT_TIMEOUT, r -> {
            if (r.value().runId().equals("x-sets")) {
                byLayer.computeIfAbsent(r.value().layer(), l -> new ArrayList<>())
                        .add(r);
            }
        });
        assertThat(byLayer).hasSize(LAYERS);
        byLayer.forEach((layer, records) -> {
            assertThat(records).extracting(r -> r.key()).containsOnly("x-sets/pos/" + layer);
            assertThat(records)
                    .extracting(r -> r.partition())
                    .containsOnly(records.get(0).partition());
            assertThat(records).extracting(r -> r.value().step()).isSorted();
            assertThat(records).extracting(r -> r.value().split()).contains("train", "test");
        });

        Map<String, float[]> firstVectors = new HashMap<>();
        for (EmbeddingBatch b : chunks("x-sets")) {
            List<Example> examples = pos.split(b.split()).examples();
            assertThat(b.count()).isLessThanOrEqualTo(CHUNK);
            // every chunk names the task's labels, so that the analysis can name them
            assertThat(b.labelNames()).isEqualTo(pos.labels().labels()).contains("NOUN");
            for (int i = 0; i < b.count(); i++) {
                int id = b.exampleIds()[i];
                assertThat(id).isEqualTo(b.chunkIndex() * CHUNK + i);
                assertThat(b.labelIds()[i]).isEqualTo(examples.get(id).labelId());
                for (float f : b.vector(i)) {
                    assertThat(Float.isFinite(f)).isTrue();
                }
            }
            if (b.chunkIndex() == 0 && b.split().equals("train")) {
                firstVectors.put(b.step() + "/" + b.layer(), b.vector(0));
            }
        }
        // layers differ from each other, and fine-tuning moved the top layer
        assertThat(firstVectors.get("0/0")).isNotEqualTo(firstVectors.get("0/2"));
        assertThat(firstVectors.get("0/2")).isNotEqualTo(firstVectors.get("2/2"));
        long expected = 3L
                * LAYERS
                * pos.splits().values().stream()
                        .mapToLong(s -> s.examples().size())
                        .sum();
        assertThat(metrics.get("ftprobe.extractor.vectors").counter().count()).isEqualTo(expected);
        assertThat(metrics.get("ftprobe.extractor.bytes").counter().count()).isGreaterThan(expected * 128 * 4);
        // registered at 0 before any failure: the dead-letter alarm's increase() needs the 0 to see the first one
        assertThat(metrics.get("ftprobe.extractor.failures").counter().count()).isZero();
    }

    @Test
    void anotherProbeTaskGivesTheCrossTaskSetsWithPairVectors() throws Exception {
        train("x-cross", 1, 42);
        TaskDataset dep = TaskLoader.load(DataSource.dataDir(data), TaskConfig.of(TaskName.DEP));
        TaskDataset trec = TaskLoader.load(DataSource.dataDir(data), TaskConfig.of(TaskName.TREC));
        extractor("g-cross", "x-cross")
                .optProbeTasks(List.of(TaskName.DEP, TaskName.TREC))
                .optSplits(List.of("test"))
                .optLayers(List.of(2))
                .build()
                .run();
        RunInspector.RunReport report =
                RunInspector.inspectRun(bootstrap, "x-cross").orElseThrow();
        assertThat(report.sets()).hasSize(2 * 2).allSatisfy(s -> {
            assertThat(s.split()).isEqualTo("test");
            assertThat(s.layer()).isEqualTo(2);
            assertThat(s.expectedVectors()).isNull(); // not the run's own task: the manifest does not size it
            assertThat(s.complete()).isTrue();
            if (s.probeTask().equals("dep")) {
                assertThat(s.dim()).isEqualTo(2 * 128); // concat(dependent, head)
                assertThat(s.vectors()).isEqualTo(dep.split("test").examples().size());
            } else {
                assertThat(s.probeTask()).isEqualTo("trec");
                assertThat(s.dim()).isEqualTo(128); // [CLS]
                assertThat(s.vectors())
                        .isEqualTo(trec.split("test").examples().size())
                        .isEqualTo(16);
            }
        });
    }

    @Test
    void anExtractorStoppedMidCheckpointIsCompletedByTheNextOne() throws Exception {
        train("x-stop", 1, 42);
        AtomicInteger sent = new AtomicInteger();
        AtomicReference<Extractor> first = new AtomicReference<>();
        int perCheckpoint = LAYERS
                * (SetWriterTestAccess.chunks(pos.split("train").examples().size(), CHUNK)
                        + SetWriterTestAccess.chunks(
                                pos.split("test").examples().size(), CHUNK));
        first.set(extractor("g-stop", "x-stop")
                .optChunkListener(c -> {
                    if (sent.incrementAndGet() == perCheckpoint + 3) {
                        first.get().stop(); // three chunks into the second checkpoint
                    }
                })
                .build());
        first.get().run();
        RunInspector.RunReport partial =
                RunInspector.inspectRun(bootstrap, "x-stop").orElseThrow();
        assertThat(partial.sets()).allMatch(s -> s.step() == 0 && s.complete());
        assertThat(partial.sets()).hasSize(2 * LAYERS);

        List<Extractor.Processed> processed = new ArrayList<>();
        extractor("g-stop", "x-stop")
                .optListener(p -> {
                    if (p.outcome() != Extractor.Outcome.SKIPPED) {
                        processed.add(p);
                    }
                })
                .build()
                .run();
        assertThat(processed).extracting(p -> p.event().step()).containsExactly(1L);
        RunInspector.RunReport done =
                RunInspector.inspectRun(bootstrap, "x-stop").orElseThrow();
        assertThat(done.sets()).hasSize(2 * 2 * LAYERS);
        assertThat(done.allComplete()).isTrue();
    }

    @Test
    void corruptAndMissingCheckpointsAreDeadLetteredAndTheNextIsProcessed() throws Exception {
        List<CheckpointEvent> events = train("x-bad", 1, 7); // another seed: files of its own
        Path step0 = Path.of(URI.create(events.get(0).checkpointUri()));
        byte[] bytes = Files.readAllBytes(step0);
        bytes[bytes.length - 100] ^= 1;
        Files.write(step0, bytes);
        CheckpointEvent missing = new CheckpointEvent(
                "x-bad",
                99,
                9,
                1.0,
                0.0,
                store.resolve("objects/nothing.ckpt.zip").toUri().toString(),
                "0".repeat(64),
                10,
                Instant.now());
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(
                KafkaConfigs.producer(bootstrap, "test").toMap(), new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.CHECKPOINTS.name(), "x-bad", EventCodecs.CHECKPOINT.encode(missing)))
                    .get();
            p.send(new ProducerRecord<>(Topics.CHECKPOINTS.name(), "x-bad", "not json".getBytes()))
                    .get();
        }

        List<Extractor.Processed> processed = new ArrayList<>();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        extractor("g-bad", "x-bad")
                .optListener(p -> {
                    if (p.outcome() != Extractor.Outcome.SKIPPED) {
                        processed.add(p);
                    }
                })
                .optMeterRegistry(metrics)
                .build()
                .run();
        assertThat(processed)
                .extracting(Extractor.Processed::outcome)
                .containsExactly(
                        Extractor.Outcome.DEAD_LETTERED,
                        Extractor.Outcome.EXTRACTED,
                        Extractor.Outcome.DEAD_LETTERED,
                        Extractor.Outcome.DEAD_LETTERED);
        assertThat(metrics.get("ftprobe.extractor.failures").counter().count()).isEqualTo(3);

        List<DeadLetter> letters = new ArrayList<>();
        RunLog.readToEnd(bootstrap, Topics.DEAD_LETTERS, RunLog.DEFAULT_TIMEOUT, r -> {
            if (r.value().key() != null && r.value().key().equals("x-bad")) {
                letters.add(r.value());
            }
        });
        assertThat(letters).hasSize(3);
        assertThat(letters)
                .allMatch(d -> d.sourceTopic().equals(Topics.CHECKPOINTS.name())
                        && d.service().equals(Extractor.SERVICE));
        assertThat(letters.get(0).reason()).contains("sha256").contains(step0.toString());
        assertThat(letters.get(1).reason()).contains("missing");
        assertThat(letters.get(2).reason()).contains("undecodable");
        assertThat(letters.get(2).payload()).isEqualTo("not json".getBytes());

        RunInspector.RunReport report =
                RunInspector.inspectRun(bootstrap, "x-bad").orElseThrow();
        assertThat(report.sets()).hasSize(2 * LAYERS).allMatch(s -> s.step() == 1 && s.complete());
        assertThat(Arrays.asList(report.checkpointSteps().toArray())).containsExactly(0L, 1L, 99L);
    }
}
