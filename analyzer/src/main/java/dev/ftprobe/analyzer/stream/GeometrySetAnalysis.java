package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.geometry.GeometryAnalysis;
import dev.ftprobe.geometry.GeometryResult;
import dev.ftprobe.geometry.LabelledPoints;
import dev.ftprobe.geometry.PerLabelSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The production {@link SetAnalysis}: the geometry core's DirectProbe, label distances and centroids
 * ({@link GeometryAnalysis}) on an assembled set, published as it is in a {@link SetGeometry}. Labels are the label ids
 * present in the set, in ascending id order, named by the task's label names the chunks carry. Timings stay out of the
 * event, so that a replay gives the same bytes.
 */
public final class GeometrySetAnalysis implements SetAnalysis {
    private final GeometryAnalysis geometry;
    private final PerLabelSample sample;

    private GeometrySetAnalysis(Builder b) {
        this.geometry = GeometryAnalysis.builder().optParallelism(b.parallelism).build();
        this.sample = b.sample;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; all values optional. */
    public static final class Builder {
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private PerLabelSample sample;

        private Builder() {}

        /**
         * Analyse a seeded sample of at most this many points of each label instead of the whole set
         * ({@link PerLabelSample}); default: the whole set.
         */
        public Builder optSample(PerLabelSample sample) {
            this.sample = sample;
            return this;
        }

        /** Threads for one set's DirectProbe; default the number of cores. */
        public Builder optParallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        public GeometrySetAnalysis build() {
            return new GeometrySetAnalysis(this);
        }
    }

    @Override
    public SetGeometry analyse(AssembledSet set) {
        TreeSet<Integer> present = new TreeSet<>();
        for (int l : set.labelIds()) {
            present.add(l);
        }
        // dense ids in ascending label-id order, so that the core's label order is the task's
        Map<Integer, Integer> dense = new TreeMap<>();
        int[] ids = new int[present.size()];
        List<String> names = new ArrayList<>();
        for (int l : present) {
            dense.put(l, names.size());
            ids[names.size()] = l;
            names.add(set.labelName(l));
        }
        int[] labels = new int[set.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = dense.get(set.labelIds()[i]);
        }
        double[] data = new double[set.vectors().length];
        for (int i = 0; i < data.length; i++) {
            data[i] = set.vectors()[i];
        }
        LabelledPoints points;
        try {
            points = LabelledPoints.of(data, set.dim(), labels, names);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetException("set " + set.id() + ": " + e.getMessage(), e);
        }
        LabelledPoints analysed = sample == null ? points : sample.of(points, set.exampleIds());
        GeometryResult r = geometry.analyze(analysed, ids).result();
        SetGeometry.Sample used =
                sample == null ? null : new SetGeometry.Sample(sample.maxPerLabel(), sample.seed(), set.size());
        return new SetGeometry(
                set.id().runId(),
                set.id().step(),
                set.id().probeTask(),
                set.id().split(),
                set.id().layer(),
                analysed.size(),
                set.dim(),
                set.sha256(),
                r,
                used);
    }
}
