package dev.ftprobe.probe;

import dev.ftprobe.geometry.DirectProbe;
import dev.ftprobe.geometry.DirectProbeClusters;
import dev.ftprobe.geometry.DirectProbePredictor;
import dev.ftprobe.geometry.HullDistance;
import dev.ftprobe.geometry.LabelledPoints;
import java.util.stream.IntStream;

/**
 * DirectProbe as a classifier (METHOD §6): train's DirectProbe clusters, and each test point takes the label of the
 * nearest cluster by point-to-hull distance ({@link DirectProbePredictor}). Test points whose label train lacks are
 * errors: no cluster carries their label. The points are predicted in parallel, each on its own, so the result does not
 * depend on the number of threads.
 */
public final class DirectProbeAccuracy {
    private DirectProbeAccuracy() {}

    /** The accuracy on test of {@code clusters}, DirectProbe's clustering of train. */
    public static double of(
            LabelledPoints train, DirectProbeClusters clusters, LabelledPoints test, HullDistance hull) {
        if (!train.labelNames().equals(test.labelNames()) || train.dimension() != test.dimension()) {
            throw new IllegalArgumentException("train and test differ in their label set or dimension");
        }
        DirectProbePredictor predictor = new DirectProbePredictor(train, clusters, hull);
        long right = IntStream.range(0, test.size())
                .parallel()
                .filter(i -> predictor.predict(test.point(i)) == test.label(i))
                .count();
        return (double) right / test.size();
    }

    /**
     * Clusters train with {@code probe}, then {@link #of(LabelledPoints, DirectProbeClusters, LabelledPoints,
     * HullDistance)}.
     */
    public static double of(LabelledPoints train, LabelledPoints test, DirectProbe probe, HullDistance hull) {
        return of(train, probe.run(train), test, hull);
    }
}
