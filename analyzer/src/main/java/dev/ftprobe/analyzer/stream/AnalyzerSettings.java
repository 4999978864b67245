package dev.ftprobe.analyzer.stream;

import dev.ftprobe.events.topics.Topics;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the analyzer topology computes and where it writes: the analysis id (which names the output
 * topics and the application id), the layers analysed, the train and test split names, the baseline
 * step, the geometry function and the metrics. Everything but the geometry function is optional.
 */
public final class AnalyzerSettings {
    public static final String SERVICE = "analyzer";

    private final String analysisId;
    private final Set<Integer> layers;
    private final String trainSplit;
    private final String testSplit;
    private final long baselineStep;
    private final SetAnalysis setAnalysis;
    private final AnalyzerMetrics metrics;

    private AnalyzerSettings(Builder b) {
        this.analysisId = b.analysisId;
        this.layers = Set.copyOf(b.layers);
        this.trainSplit = b.trainSplit;
        this.testSplit = b.testSplit;
        this.baselineStep = b.baselineStep;
        this.setAnalysis = b.setAnalysis;
        this.metrics = b.metrics;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String analysisId = Topics.DEFAULT_ANALYSIS_ID;
        private final Set<Integer> layers = new TreeSet<>();
        private String trainSplit = "train";
        private String testSplit = "test";
        private long baselineStep = 0;
        private SetAnalysis setAnalysis;
        private AnalyzerMetrics metrics;

        private Builder() {}

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

        /** The splits whose similarity is the train-vs-test similarity; default {@code train}, {@code test}. */
        public Builder optSplits(String train, String test) {
            if (Objects.requireNonNull(train, "train").equals(Objects.requireNonNull(test, "test"))) {
                throw new IllegalArgumentException("train and test split must differ, both are " + train);
            }
            this.trainSplit = train;
            this.testSplit = test;
            return this;
        }

        /** The step every step is compared with; default 0 (the model before fine-tuning). */
        public Builder optBaselineStep(long step) {
            if (step < 0) {
                throw new IllegalArgumentException("baseline step must be >= 0, got " + step);
            }
            this.baselineStep = step;
            return this;
        }

        /** Where the analysis gauges and timers go; default a registry nobody reads. */
        public Builder optMetrics(AnalyzerMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        public AnalyzerSettings build() {
            if (setAnalysis == null) {
                throw new IllegalStateException("setSetAnalysis is required");
            }
            if (metrics == null) {
                metrics = new AnalyzerMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), analysisId);
            }
            return new AnalyzerSettings(this);
        }
    }

    public String analysisId() {
        return analysisId;
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

    public long baselineStep() {
        return baselineStep;
    }

    public SetAnalysis setAnalysis() {
        return setAnalysis;
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
