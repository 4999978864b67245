package dev.ftprobe.probe;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a {@link ClassifierProbe} has finished of one probe: the grid's shapes, each with its held-out accuracies, and
 * the final runs, each with its test accuracy. A probe given the progress of an earlier, stopped one on the same inputs
 * takes those parts from it instead of fitting them again; since every part is deterministic, the result is the one an
 * uninterrupted probe gives.
 */
public interface ProbeProgress {
    /** Keeps nothing: every probe starts from the beginning. */
    ProbeProgress NONE = new ProbeProgress() {
        @Override
        public Optional<List<ProbeResult.GridPoint>> shape(MlpShape shape) {
            return Optional.empty();
        }

        @Override
        public void shapeDone(MlpShape shape, List<ProbeResult.GridPoint> points) {}

        @Override
        public OptionalDouble finalRun(long seed) {
            return OptionalDouble.empty();
        }

        @Override
        public void finalRunDone(long seed, double testAccuracy) {}
    };

    /** The grid points of {@code shape} (one per L2 weight, in grid order) when an earlier probe finished it. */
    Optional<List<ProbeResult.GridPoint>> shape(MlpShape shape);

    /** Records that {@code shape} is done; called from the probe's worker threads. */
    void shapeDone(MlpShape shape, List<ProbeResult.GridPoint> points);

    /** The test accuracy of the final run with {@code seed} when an earlier probe finished it. */
    OptionalDouble finalRun(long seed);

    /** Records that the final run with {@code seed} is done; called from the probe's worker threads. */
    void finalRunDone(long seed, double testAccuracy);
}
