package dev.ftprobe.analyzer.stream;

import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.probe.ProbeGrid;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the analyzer topology computes and where it writes: the analysis id (which names the output topics and the
 * application id), the layers analysed, the train and test split names, the geometry function, where the classifier
 * probe runs and the metrics. Everything but the geometry function is optional; the defaults are declared here once,
 * and the command-line options and configuration lookups refer to them.
 */
public final class AnalyzerSettings {
    public static final String SERVICE = "analyzer";
    /** The split whose geometry the dynamics compare with the test split's: the fine-tuning data. */
    public static final String DEFAULT_TRAIN_SPLIT = "train";
    /** The held-out split of the train-vs-test similarity. */
    public static final String DEFAULT_TEST_SPLIT = "test";
    /** Both, as a {@code --splits} option writes them (train first). */
    public static final String DEFAULT_SPLITS = DEFAULT_TRAIN_SPLIT + "," + DEFAULT_TEST_SPLIT;
    /** The step every step is compared with: the model before fine-tuning (METHOD.md). */
    public static final long BASELINE_STEP = 0;
    /** The grid of {@code --probe-grid} by default: the paper's. */
    public static final String DEFAULT_PROBE_GRID = "paper";
    /** The classifier probe's seed (its held-out split and its runs' seeds). */
    public static final long PROBE_SEED = 0;
    /**
     * The longest one set's analysis may take by default: 15 min, Kafka's default {@code transaction.max.timeout.ms},
     * so that the analyzer runs against any broker (see {@link Builder#optMaxSetTime}).
     */
    public static final int DEFAULT_MAX_SET_MINUTES = 15;
    /** {@link #DEFAULT_MAX_SET_MINUTES} as a duration. */
    public static final Duration DEFAULT_MAX_SET_TIME = Duration.ofMinutes(DEFAULT_MAX_SET_MINUTES);

    private final String analysisId;
    private final Set<Integer> layers;
    private final String trainSplit;
    private final String testSplit;
    private final SetAnalysis setAnalysis;
    private final AnalyzerMetrics metrics;
    private final ProbeSteps probeSteps;
    private final ProbeLayers probeLayers;
    private final ProbeGrid probeGrid;
    private final Duration maxSetTime;
    private final ManifestLookup manifestLookup;

    private AnalyzerSettings(Builder b) {
        this.analysisId = b.analysisId;
        this.layers = Set.copyOf(b.layers);
        this.trainSplit = b.trainSplit;
        this.testSplit = b.testSplit;
        this.setAnalysis = b.setAnalysis;
        this.metrics = b.metrics;
        this.probeSteps = b.probeSteps;
        this.probeLayers = b.probeLayers;
        this.probeGrid = b.probeGrid;
        this.maxSetTime = b.maxSetTime;
        this.manifestLookup = b.manifestLookup;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String analysisId = Topics.DEFAULT_ANALYSIS_ID;
        private final Set<Integer> layers = new TreeSet<>();
        private String trainSplit = DEFAULT_TRAIN_SPLIT;
        private String testSplit = DEFAULT_TEST_SPLIT;
        private SetAnalysis setAnalysis;
        private AnalyzerMetrics metrics;
        private MeterRegistry registry;
        private ProbeSteps probeSteps = ProbeSteps.parse(ProbeSteps.DEFAULT);
        private ProbeLayers probeLayers = ProbeLayers.parse(ProbeLayers.DEFAULT);
        private ProbeGrid probeGrid = ProbeGrid.parse(DEFAULT_PROBE_GRID);
        private Duration maxSetTime = DEFAULT_MAX_SET_TIME;
        private ManifestLookup manifestLookup = ManifestLookup.NONE;

        private Builder() {}

        /**
         * The longest one set's analysis may take; default {@link #DEFAULT_MAX_SET_TIME}. A set is analysed on the
         * stream thread inside an open transaction, so this is also the consumer's {@code max.poll.interval.ms} and the
         * producer's {@code transaction.timeout.ms}, which the broker caps at its {@code transaction.max.timeout.ms}:
         * raise both together. A set that takes longer cannot commit its results (the group evicts the thread, the
         * coordinator aborts the transaction); it is dead-lettered when it comes again rather than analysed again and
         * again.
         *
         * @throws IllegalArgumentException below one minute
         */
        public Builder optMaxSetTime(Duration time) {
            if (time == null || time.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("the max set time must be at least 1 minute, got " + time);
            }
            this.maxSetTime = time;
            return this;
        }

        /**
         * Where a run's manifest is read when the global store has not read it yet ({@link RunManifests}); default
         * {@link ManifestLookup#NONE}. {@link Analyzer} sets its broker's runs topic.
         */
        public Builder optManifestLookup(ManifestLookup lookup) {
            this.manifestLookup = Objects.requireNonNull(lookup, "manifestLookup");
            return this;
        }

        /** The steps the classifier probe runs at; default {@value ProbeSteps#DEFAULT}. */
        public Builder optProbeSteps(ProbeSteps steps) {
            this.probeSteps = Objects.requireNonNull(steps, "probeSteps");
            return this;
        }

        /** The layers the classifier probe runs on; default {@value ProbeLayers#DEFAULT}. */
        public Builder optProbeLayers(ProbeLayers layers) {
            this.probeLayers = Objects.requireNonNull(layers, "probeLayers");
            return this;
        }

        /** The classifier probe's grid; default {@value #DEFAULT_PROBE_GRID}. */
        public Builder optProbeGrid(ProbeGrid grid) {
            this.probeGrid = Objects.requireNonNull(grid, "probeGrid");
            return this;
        }

        /** The geometry of a set (production: {@link GeometrySetAnalysis}). */
        public Builder setSetAnalysis(SetAnalysis analysis) {
            this.setAnalysis = Objects.requireNonNull(analysis, "setAnalysis");
            return this;
        }

        /** Names the output topics and the application id; default {@value Topics#DEFAULT_ANALYSIS_ID}. */
        public Builder optAnalysisId(String id) {
            Topics.analysisTopicName(id, Topics.AnalysisOutput.GEOMETRY); // validates
            this.analysisId = id;
            return this;
        }

        /** Only these layers are analysed (chunks of others are skipped); default all. */
        public Builder optLayers(Iterable<Integer> layers) {
            this.layers.clear();
            for (Integer l : layers) {
                if (l == null || l < 0) {
                    throw new IllegalArgumentException("layers must be >= 0, got " + l);
                }
                this.layers.add(l);
            }
            return this;
        }

        /**
         * The splits whose similarity is the train-vs-test similarity, any two of the task's; default
         * {@value #DEFAULT_TRAIN_SPLIT}, {@value #DEFAULT_TEST_SPLIT}.
         */
        public Builder optSplits(String train, String test) {
            requireName(train, "train");
            requireName(test, "test");
            if (train.equals(test)) {
                throw new IllegalArgumentException("the train and test split must differ, both are " + train);
            }
            this.trainSplit = train;
            this.testSplit = test;
            return this;
        }

        /** Exactly two splits, the train split first, as a {@code --splits train,test} option gives them. */
        public Builder optSplits(List<String> splits) {
            if (splits.size() != 2) {
                throw new IllegalArgumentException("the dynamics compare two splits (train first, e.g. "
                        + DEFAULT_SPLITS + "), got " + splits.size() + ": " + splits);
            }
            return optSplits(splits.get(0), splits.get(1));
        }

        private static void requireName(String split, String role) {
            if (Objects.requireNonNull(split, role).isBlank()) {
                throw new IllegalArgumentException("the " + role + " split has no name");
            }
        }

        /** Where the analysis gauges and timers go; default a registry nobody reads. */
        public Builder optMetrics(AnalyzerMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        /** The analysis metrics, tagged with this analysis id, in {@code registry} (unless {@link #optMetrics}). */
        public Builder optMeterRegistry(MeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        public AnalyzerSettings build() {
            if (setAnalysis == null) {
                throw new IllegalStateException("setSetAnalysis is required");
            }
            if (metrics == null) {
                metrics = new AnalyzerMetrics(registry != null ? registry : new SimpleMeterRegistry(), analysisId);
            }
            return new AnalyzerSettings(this);
        }
    }

    public String analysisId() {
        return analysisId;
    }

    /** See {@link Builder#optMaxSetTime}. */
    public Duration maxSetTime() {
        return maxSetTime;
    }

    /** See {@link Builder#optManifestLookup}. */
    public ManifestLookup manifestLookup() {
        return manifestLookup;
    }

    /** {@code ftprobe-analyzer-<analysis-id>}. */
    public String applicationId() {
        return applicationId(analysisId);
    }

    public static String applicationId(String analysisId) {
        return "ftprobe-" + SERVICE + "-" + analysisId;
    }

    /** The layers analysed; empty means all. */
    public Set<Integer> layers() {
        return layers;
    }

    public boolean analyses(int layer) {
        return layers.isEmpty() || layers.contains(layer);
    }

    public String trainSplit() {
        return trainSplit;
    }

    public String testSplit() {
        return testSplit;
    }

    /** {@value #BASELINE_STEP}: the step every step is compared with. */
    public long baselineStep() {
        return BASELINE_STEP;
    }

    public SetAnalysis setAnalysis() {
        return setAnalysis;
    }

    public ProbeSteps probeSteps() {
        return probeSteps;
    }

    public ProbeLayers probeLayers() {
        return probeLayers;
    }

    public ProbeGrid probeGrid() {
        return probeGrid;
    }

    public AnalyzerMetrics metrics() {
        return metrics;
    }

    public String geometryTopic() {
        return Topics.analysisTopicName(analysisId, Topics.AnalysisOutput.GEOMETRY);
    }

    public String dynamicsTopic() {
        return Topics.analysisTopicName(analysisId, Topics.AnalysisOutput.DYNAMICS);
    }
}
