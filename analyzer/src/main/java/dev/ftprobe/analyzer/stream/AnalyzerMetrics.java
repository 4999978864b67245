package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.SeriesId;
import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.analyzer.results.StepProbe;
import dev.ftprobe.geometry.LabelGeometry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The analyzer's Micrometer meters (Prometheus names in brackets), labelled {@code analysis} and {@code run},
 * {@code task}, {@code layer}, {@code split}, {@code label} (the label's name, "NOUN") where they apply. Gauges show
 * the latest step seen of their series; an undefined similarity is NaN (Prometheus' "no value").
 *
 * <ul>
 *   <li>{@value #LABEL_MIN_DISTANCE} [{@code ftprobe_label_min_distance}] run, task, layer, split, label
 *   <li>{@value #CLUSTERS} [{@code ftprobe_clusters}] run, task, layer, split
 *   <li>{@value #UNDECIDED_PAIRS} [{@code ftprobe_undecided_pairs}] run, task, layer, split: the cluster pairs that
 *       neither a certificate nor the LP decided in the latest set (tracking's and DirectProbe's)
 *   <li>{@value #STEP} [{@code ftprobe_step}] run, task, layer, split: the latest step analysed
 *   <li>{@value #SIMILARITY_TO_ORIGINAL} [{@code ftprobe_similarity_to_original}] run, task, layer, split
 *   <li>{@value #TRAIN_TEST_SIMILARITY} [{@code ftprobe_train_test_similarity}] run, task, layer
 *   <li>{@value #TRAIN_TEST_SIMILARITY_BASELINE} [{@code ftprobe_train_test_similarity_baseline}] run, task, layer: the
 *       train-vs-test similarity at the baseline step (0), for the divergence alarm's "fallen since step 0"
 *   <li>{@value #MEAN_MIN_DISTANCE} [{@code ftprobe_mean_min_distance}] run, task, layer, split
 *   <li>{@value #PROBE_ACCURACY} [{@code ftprobe_probe_accuracy}] run, task, layer, kind ({@code mlp}: the classifier
 *       probe's mean test accuracy; {@code directprobe}: DirectProbe's), at the latest probed step
 *   <li>{@value #SET_ANALYSIS} [{@code ftprobe_set_analysis_seconds}] timer: assembling-to-geometry time per set
 *   <li>{@value #SET_POINTS} [{@code ftprobe_set_points}] run, task, layer, split: the points analysed in the latest
 *       set (fewer than the set's when a per-label sample is analysed)
 *   <li>{@value #DEAD_LETTERS} [{@code ftprobe_analyzer_dead_letters_total}], {@value #DUPLICATE_CHUNKS}
 *       [{@code ftprobe_analyzer_duplicate_chunks_total}], {@value #DYNAMICS_EMITTED}
 *       [{@code ftprobe_analyzer_dynamics_total}], {@value #DYNAMICS_FAILED}
 *       [{@code ftprobe_analyzer_dynamics_failures_total}]
 * </ul>
 */
public final class AnalyzerMetrics {
    public static final String LABEL_MIN_DISTANCE = "ftprobe.label.min.distance";
    public static final String CLUSTERS = "ftprobe.clusters";
    public static final String UNDECIDED_PAIRS = "ftprobe.undecided.pairs";
    public static final String STEP = "ftprobe.step";
    public static final String SIMILARITY_TO_ORIGINAL = "ftprobe.similarity.to.original";
    public static final String TRAIN_TEST_SIMILARITY = "ftprobe.train.test.similarity";
    public static final String TRAIN_TEST_SIMILARITY_BASELINE = "ftprobe.train.test.similarity.baseline";
    public static final String MEAN_MIN_DISTANCE = "ftprobe.mean.min.distance";
    public static final String PROBE_ACCURACY = "ftprobe.probe.accuracy";
    public static final String SET_ANALYSIS = "ftprobe.set.analysis";
    public static final String SET_POINTS = "ftprobe.set.points";
    public static final String DEAD_LETTERS = "ftprobe.analyzer.dead.letters";
    public static final String DUPLICATE_CHUNKS = "ftprobe.analyzer.duplicate.chunks";
    public static final String DYNAMICS_EMITTED = "ftprobe.analyzer.dynamics";
    public static final String DYNAMICS_FAILED = "ftprobe.analyzer.dynamics.failures";

    private final MeterRegistry registry;
    private final Map<String, double[]> gauges = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> latestStep = new ConcurrentHashMap<>();
    private final Counter deadLetters;
    private final Counter duplicates;
    private final Counter dynamicsEmitted;
    private final Counter dynamicsFailed;

    private final Tags common;

    /** Meters in {@code registry}, each tagged {@code analysis=<analysisId>} so that replays stay apart. */
    public AnalyzerMetrics(MeterRegistry registry, String analysisId) {
        this.registry = registry;
        this.common = Tags.of("analysis", analysisId);
        this.deadLetters = Counter.builder(DEAD_LETTERS)
                .description("records sent to the dead-letter topic")
                .tags(common)
                .register(registry);
        this.duplicates = Counter.builder(DUPLICATE_CHUNKS)
                .description("chunks dropped as duplicates (already stored, or their set already analysed)")
                .tags(common)
                .register(registry);
        this.dynamicsEmitted = Counter.builder(DYNAMICS_EMITTED)
                .description("step dynamics emitted")
                .tags(common)
                .register(registry);
        this.dynamicsFailed = Counter.builder(DYNAMICS_FAILED)
                .description("steps whose dynamics could not be computed")
                .tags(common)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    void deadLetter() {
        deadLetters.increment();
    }

    void dynamicsFailed() {
        dynamicsFailed.increment();
    }

    void duplicateChunk() {
        duplicates.increment();
    }

    void setAnalysed(SetGeometry g, long nanos) {
        Tags set = common.and(
                "run", g.runId(), "task", g.probeTask(), "layer", Integer.toString(g.layer()), "split", g.split());
        Timer.builder(SET_ANALYSIS)
                .description("time to assemble and analyse one set")
                .tags(set)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
        if (!isLatest("set|" + set, g.step())) {
            return;
        }
        set(STEP, set, g.step());
        set(CLUSTERS, set, g.geometry().clusters());
        set(SET_POINTS, set, g.points());
        set(UNDECIDED_PAIRS, set, g.geometry().undecided());
        for (LabelGeometry l : g.geometry().labels()) {
            if (l.minDistance() != null) {
                set(LABEL_MIN_DISTANCE, set.and("label", l.name()), l.minDistance());
            }
        }
    }

    void dynamics(StepDynamics d) {
        dynamicsEmitted.increment();
        Tags series = common.and("run", d.runId(), "task", d.probeTask(), "layer", Integer.toString(d.layer()));
        if (d.step() == d.baselineStep()) {
            set(TRAIN_TEST_SIMILARITY_BASELINE, series, orNaN(d.trainTestSimilarity()));
        }
        if (!isLatest("series|" + series, d.step())) {
            return;
        }
        set(TRAIN_TEST_SIMILARITY, series, orNaN(d.trainTestSimilarity()));
        for (Map.Entry<String, StepDynamics.SplitDynamics> e : d.splits().entrySet()) {
            Tags split = series.and("split", e.getKey());
            set(SIMILARITY_TO_ORIGINAL, split, orNaN(e.getValue().dynamics().similarityToBaseline()));
            set(MEAN_MIN_DISTANCE, split, orNaN(e.getValue().dynamics().meanMinDistance()));
        }
    }

    /** A step's probe result (called from the stream thread when it is forwarded). */
    void probed(SeriesId s, long step, StepProbe p) {
        Tags series = common.and("run", s.runId(), "task", s.probeTask(), "layer", Integer.toString(s.layer()));
        if (!isLatest("probe|" + series, step)) {
            return;
        }
        set(PROBE_ACCURACY, series.and("kind", "mlp"), p.mlpMean());
        set(PROBE_ACCURACY, series.and("kind", "directprobe"), p.directProbeAccuracy());
    }

    /** True (and remembered) when {@code step} is at least the latest step seen under {@code key}. */
    private boolean isLatest(String key, long step) {
        AtomicLong latest = latestStep.computeIfAbsent(key, k -> new AtomicLong(Long.MIN_VALUE));
        return latest.accumulateAndGet(step, Math::max) == step;
    }

    private void set(String name, Tags tags, double value) {
        double[] holder = gauges.computeIfAbsent(name + tags, k -> {
            double[] h = {Double.NaN};
            Gauge.builder(name, h, a -> a[0]).tags(tags).register(registry);
            return h;
        });
        holder[0] = value;
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }

    /** Every meter name this class registers, for dashboards and tests. */
    public static List<String> names() {
        return List.of(
                LABEL_MIN_DISTANCE,
                CLUSTERS,
                STEP,
                SIMILARITY_TO_ORIGINAL,
                TRAIN_TEST_SIMILARITY,
                TRAIN_TEST_SIMILARITY_BASELINE,
                MEAN_MIN_DISTANCE,
                PROBE_ACCURACY,
                SET_ANALYSIS,
                DEAD_LETTERS,
                DUPLICATE_CHUNKS,
                DYNAMICS_EMITTED,
                DYNAMICS_FAILED);
    }
}
