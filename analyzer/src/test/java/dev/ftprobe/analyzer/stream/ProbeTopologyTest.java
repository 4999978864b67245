package dev.ftprobe.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ftprobe.analyzer.results.AnalyzerCodecs;
import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.analyzer.results.StepProbe;
import dev.ftprobe.events.DeadLetter;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.codec.EventCodecs;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.geometry.DirectProbe;
import dev.ftprobe.geometry.HullDistance;
import dev.ftprobe.geometry.LabelledPoints;
import dev.ftprobe.probe.ClassifierProbe;
import dev.ftprobe.probe.DirectProbeAccuracy;
import dev.ftprobe.probe.ProbeGrid;
import dev.ftprobe.probe.ProbeJournal;
import dev.ftprobe.probe.ProbeResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes through the production topology and Streams configuration: a run of three steps (0 to 2, its manifest says
 * 2 is the last, layers 0 and 1) whose train and test sets are three overlapping Gaussian labels in 4 dimensions,
 * probed with the small grid at the default steps and layers (first and last step, last layer).
 */
class ProbeTopologyTest {
    static final List<String> NAMES = List.of("NOUN", "VERB", "ADJ");
    static final String RUN = "run1";
    static final int DIM = 4;

    @TempDir
    Path tmp;

    /**
     * The points of a set: 135 seeded per (step, layer), the first 90 train's and the others test's, so that both
     * splits are drawn around the same centres and every step and layer differs; labels overlap.
     */
    static float[][] points(long step, String split, int layer, int n, int[] labels) {
        int[] all = new int[135];
        float[][] p = TestSets.randomPoints(step * 10 + layer + 1, all.length, DIM, NAMES.size(), all);
        // noise of the size of the centres' spread: the labels overlap, so that neither probe is trivially right
        Random noise = new Random(step * 10 + layer + 1000);
        for (float[] row : p) {
            for (int k = 0; k < DIM; k++) {
                row[k] += (float) (noise.nextGaussian() * 8);
            }
        }
        int from = split.equals("train") ? 0 : 90;
        System.arraycopy(all, from, labels, 0, n);
        return Arrays.copyOfRange(p, from, from + n);
    }

    static List<EmbeddingBatch> set(long step, String split, int layer, boolean oneLabel) {
        int n = split.equals("train") ? 90 : 45;
        int[] labels = new int[n];
        float[][] p = points(step, split, layer, n, labels);
        if (oneLabel) {
            Arrays.fill(labels, 0);
        }
        return TestSets.named(TestSets.chunks(RUN, step, "pos", split, layer, p, labels, 2), NAMES);
    }

    static LabelledPoints labelled(long step, String split, int layer) {
        int n = split.equals("train") ? 90 : 45;
        int[] labels = new int[n];
        float[][] p = points(step, split, layer, n, labels);
        double[] data = new double[n * DIM];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < DIM; k++) {
                data[i * DIM + k] = p[i][k];
            }
        }
        return LabelledPoints.of(data, DIM, labels, NAMES);
    }

    record Output(Map<String, StepDynamics> dynamics, List<DeadLetter> deadLetters) {}

    /** Pipes the run (the sets of {@code oneLabelStep}, if any, with one label only) and waits for the probes. */
    Output run(AnalyzerSettings settings, long oneLabelStep) throws InterruptedException {
        try (TopologyTestDriver driver = TestSets.driver(settings, tmp.resolve("state"))) {
            RunManifest m = TrackingTopologyTest.manifest(2, List.of(0, 1));
            driver.createInputTopic(Topics.RUNS.name(), new ByteArraySerializer(), new ByteArraySerializer())
                    .pipeInput(RUN.getBytes(StandardCharsets.UTF_8), EventCodecs.RUN_MANIFEST.encode(m));
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(
                    Topics.EMBEDDINGS.name(), new ByteArraySerializer(), new ByteArraySerializer());
            for (long step = 0; step <= 2; step++) {
                for (int layer = 0; layer <= 1; layer++) {
                    for (String split : List.of("train", "test")) {
                        for (EmbeddingBatch b : set(step, split, layer, step == oneLabelStep)) {
                            in.pipeInput(b.recordKey().getBytes(StandardCharsets.UTF_8), TestSets.encode(b));
                        }
                    }
                }
            }
            TestSets.awaitProbes(driver);
            Map<String, StepDynamics> out = new TreeMap<>();
            driver.createOutputTopic(settings.dynamicsTopic(), new StringDeserializer(), new StringDeserializer())
                    .readValuesToList()
                    .forEach(v -> {
                        StepDynamics d = AnalyzerCodecs.STEP_DYNAMICS.decode(v.getBytes(StandardCharsets.UTF_8));
                        assertThat(out.put(d.layer() + "@" + d.step(), d))
                                .as("one record per step")
                                .isNull();
                    });
            List<DeadLetter> dead = driver.createOutputTopic(
                            Topics.DEAD_LETTERS.name(),
                            new StringDeserializer(),
                            EventCodecs.deadLetterSerde().deserializer())
                    .readValuesToList();
            assertThat(driver.getKeyValueStore(AnalyzerTopology.CHUNKS_STORE).approximateNumEntries())
                    .as("the probed sets' chunks are freed")
                    .isZero();
            return new Output(out, dead);
        }
    }

    static AnalyzerSettings.Builder settings() {
        return AnalyzerSettings.builder()
                .setSetAnalysis(GeometrySetAnalysis.builder().build())
                .optProbeGrid(ProbeGrid.small());
    }

    @Test
    void theProbesOfTheFirstAndLastStepOfTheLastLayerAreInTheirDynamicsAndMatchTheProbesRunDirectly()
            throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AnalyzerSettings settings = settings().optMeterRegistry(registry).build(); // holds the gauges' values
        Output out = run(settings, -1);

        assertThat(out.dynamics()).containsOnlyKeys("0@0", "0@1", "0@2", "1@0", "1@1", "1@2");
        assertThat(out.dynamics().values().stream().filter(d -> d.probe() != null))
                .extracting(d -> d.layer() + "@" + d.step())
                .containsExactlyInAnyOrder("1@0", "1@2");
        assertThat(out.deadLetters()).isEmpty();
        for (long step : new long[] {0, 2}) {
            LabelledPoints train = labelled(step, "train", 1);
            LabelledPoints test = labelled(step, "test", 1);
            ProbeResult direct = ClassifierProbe.of(ProbeGrid.small(), AnalyzerSettings.PROBE_SEED)
                    .run(train, test);
            StepProbe p = out.dynamics().get("1@" + step).probe();
            assertThat(p.grid()).isEqualTo("small");
            assertThat(p.mlpRuns()).isEqualTo(direct.testAccuracies());
            assertThat(p.mlpMean()).isEqualTo(direct.meanTestAccuracy());
            assertThat(p.mlpStd()).isEqualTo(direct.stdTestAccuracy());
            assertThat(p.hidden())
                    .containsExactly(
                            direct.best().shape().hidden1(),
                            direct.best().shape().hidden2());
            assertThat(p.alpha()).isEqualTo(direct.best().alpha());
            double directProbe =
                    DirectProbeAccuracy.of(train, test, DirectProbe.builder().build(), HullDistance.exact());
            assertThat(p.directProbeAccuracy()).isEqualTo(directProbe);
            assertThat(p.mlpMean()).isBetween(0.4, 0.99); // three overlapping labels: above chance, not perfect
        }
        // the gauges show the latest probed step, the last one
        StepProbe last = out.dynamics().get("1@2").probe();
        assertThat(gauge(registry, "mlp")).isCloseTo(last.mlpMean(), within(1e-12));
        assertThat(gauge(registry, "directprobe")).isCloseTo(last.directProbeAccuracy(), within(1e-12));
        assertThat(settings.probeGrid().name()).isEqualTo("small");
        // the dynamics carry the probe through their codec, and a step without one encodes as before
        StepDynamics withProbe = out.dynamics().get("1@2");
        assertThat(AnalyzerCodecs.STEP_DYNAMICS.decode(AnalyzerCodecs.STEP_DYNAMICS.encode(withProbe)))
                .isEqualTo(withProbe);
    }

    @Test
    void aProbeStoppedWithTheAnalyzerGoesOnFromTheProgressKeptBesideTheState() throws Exception {
        AnalyzerSettings settings = settings().build();
        ClassifierProbe probe = ClassifierProbe.of(ProbeGrid.small(), AnalyzerSettings.PROBE_SEED);
        String key = probe.progressKey(labelled(0, "train", 1), labelled(0, "test", 1));
        Path dir = tmp.resolve("state").resolve(settings.applicationId() + "-probe-progress");
        // an earlier probe of step 0 that had finished its five final runs; accuracies no run gives, to see them taken
        try (ProbeJournal journal = ProbeJournal.open(dir, key)) {
            for (int r = 1; r <= 5; r++) {
                journal.finalRunDone(AnalyzerSettings.PROBE_SEED + r, r / 8.0);
            }
        }
        Output out = run(settings, -1);

        assertThat(out.dynamics().get("1@0").probe().mlpRuns()).containsExactly(0.125, 0.25, 0.375, 0.5, 0.625);
        assertThat(out.dynamics().get("1@2").probe().mlpRuns())
                .isEqualTo(ClassifierProbe.of(ProbeGrid.small(), AnalyzerSettings.PROBE_SEED)
                        .run(labelled(2, "train", 1), labelled(2, "test", 1))
                        .testAccuracies());
        // a probe's progress goes once its result is out
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void everyStepOfListedLayersWhenAsked() throws InterruptedException {
        Output out = run(
                settings()
                        .optProbeSteps(ProbeSteps.parse("all"))
                        .optProbeLayers(ProbeLayers.parse("0"))
                        .build(),
                -1);
        assertThat(out.dynamics().values().stream().filter(d -> d.probe() != null))
                .extracting(d -> d.layer() + "@" + d.step())
                .containsExactlyInAnyOrder("0@0", "0@1", "0@2");
    }

    @Test
    void aGridOfOnesOwnIsProbedAndNamedAsGiven() throws InterruptedException {
        Output out =
                run(settings().optProbeGrid(ProbeGrid.parse("16x16,8x8/1e-2")).build(), -1);
        assertThat(out.deadLetters()).isEmpty();
        StepProbe p = out.dynamics().get("1@2").probe();
        assertThat(p.grid()).isEqualTo("16x16,8x8/1e-2");
        assertThat(AnalyzerCodecs.STEP_DYNAMICS
                        .decode(AnalyzerCodecs.STEP_DYNAMICS.encode(
                                out.dynamics().get("1@2")))
                        .probe())
                .isEqualTo(p);
    }

    @Test
    void aStepWithOneLabelIsDeadLetteredForTheProbeAndTheRestGoesOn() throws InterruptedException {
        Output out = run(settings().build(), 2);
        assertThat(out.dynamics()).containsKeys("1@0", "1@2", "0@2");
        assertThat(out.dynamics().get("1@0").probe()).isNotNull();
        assertThat(out.dynamics().get("1@2").probe())
                .as("no probe of one label")
                .isNull();
        assertThat(out.deadLetters()).hasSize(1);
        assertThat(out.deadLetters().get(0).reason()).contains("probing run1/pos/1 step 2 failed", "1 label");
    }

    private static double gauge(SimpleMeterRegistry registry, String kind) {
        Gauge g = registry.find(AnalyzerMetrics.PROBE_ACCURACY)
                .tags("kind", kind, "run", RUN, "layer", "1")
                .gauge();
        assertThat(g).as(kind + " gauge").isNotNull();
        return g.value();
    }
}
