package dev.ftprobe.probe;

import dev.ftprobe.geometry.LabelledPoints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The paper's classifier probe (METHOD §6): a grid search over MLP settings on a seeded held-out part of train, then
 * the best setting trained {@code runs} times with different seeds on all of train, scored on test.
 *
 * <p>The classes are the labels present in train. Test points of labels train lacks are kept and scored as errors
 * (reported in {@link ProbeResult#unseenTestLabels()}). All alphas of one shape are trained in one stack with the same
 * seed (as separate sklearn fits with one {@code random_state}), and the final runs in another, seeds {@code seed + 1
 * .. seed + runs}. The best setting is the one with the highest held-out accuracy, the first in grid order on a tie.
 * The held-out part is drawn with {@code seed}.
 */
public final class ClassifierProbe {
    private final ProbeGrid grid;
    private final MlpOptions options;
    private final long seed;
    private final double heldOutFraction;
    private final int runs;
    private final int threads;

    /**
     * @param heldOutFraction the share of train held out for the grid search (the paper does not say; 0.2 is the
     *     default of {@link #of})
     * @param runs the final runs (the paper: 5)
     * @param threads worker threads ({@link ProbeWorkers}); the result does not depend on their number
     */
    public ClassifierProbe(
            ProbeGrid grid, MlpOptions options, long seed, double heldOutFraction, int runs, int threads) {
        if (!(heldOutFraction > 0 && heldOutFraction < 1) || runs < 1) {
            throw new IllegalArgumentException("held-out fraction must be in (0, 1) and runs positive");
        }
        this.grid = grid;
        this.options = options;
        this.seed = seed;
        this.heldOutFraction = heldOutFraction;
        this.runs = runs;
        this.threads = threads;
    }

    /** The paper's probe on this grid: sklearn's settings, a fifth of train held out, 5 final runs. */
    public static ClassifierProbe of(ProbeGrid grid, long seed) {
        return new ClassifierProbe(
                grid, MlpOptions.sklearn(), seed, 0.2, 5, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @throws IllegalArgumentException when train has fewer than two labels, or the sets' labels or dimensions differ
     */
    public ProbeResult run(LabelledPoints train, LabelledPoints test) {
        long t0 = System.nanoTime();
        if (!train.labelNames().equals(test.labelNames()) || train.dimension() != test.dimension()) {
            throw new IllegalArgumentException("train and test differ in their label set or dimension");
        }
        int[] classLabels = ProbeSet.classLabels(train);
        if (classLabels.length < 2) {
            throw new IllegalArgumentException("train has " + classLabels.length + " label"
                    + (classLabels.length == 1 ? " (" + train.labelNames().get(classLabels[0]) + ")" : "")
                    + "; a classifier probe needs at least 2");
        }
        int classes = classLabels.length;
        ProbeSet all = ProbeSet.of("train", train, classLabels);
        ProbeSet testSet = ProbeSet.of("test", test, classLabels);
        Map<String, Integer> unseen = ProbeSet.unseenLabels(train, test);

        HeldOutSplit split = HeldOutSplit.of(all.size(), heldOutFraction, seed);
        ProbeSet fitPart = all.rows(split.fit());
        ProbeSet heldOut = all.rows(split.heldOut());
        BatchedMlpTrainer trainer = new BatchedMlpTrainer(options);
        double[] alphas =
                grid.alphas().stream().mapToDouble(Double::doubleValue).toArray();
        long[] sameSeed = new long[alphas.length];
        Arrays.fill(sameSeed, seed);
        try (ProbeWorkers workers = new ProbeWorkers(threads)) {
            List<Callable<List<ProbeResult.GridPoint>>> tasks = new ArrayList<>();
            for (MlpShape shape : grid.shapes()) {
                tasks.add(() -> {
                    FittedMlp[] fits = trainer.fit(fitPart, classes, shape, alphas, sameSeed);
                    int[][] predicted = MlpPredictor.predict(fits, heldOut);
                    List<ProbeResult.GridPoint> out = new ArrayList<>();
                    for (int a = 0; a < alphas.length; a++) {
                        out.add(new ProbeResult.GridPoint(
                                new ProbeResult.Setting(shape, alphas[a]), heldOut.accuracy(predicted[a])));
                    }
                    return out;
                });
            }
            List<ProbeResult.GridPoint> points = new ArrayList<>();
            workers.all(tasks).forEach(points::addAll);
            ProbeResult.GridPoint best = points.get(0);
            for (ProbeResult.GridPoint p : points) {
                if (p.devAccuracy() > best.devAccuracy()) {
                    best = p;
                }
            }

            double[] bestAlpha = new double[runs];
            long[] seeds = new long[runs];
            for (int r = 0; r < runs; r++) {
                bestAlpha[r] = best.setting().alpha();
                seeds[r] = seed + 1 + r;
            }
            MlpShape bestShape = best.setting().shape();
            List<Double> accuracies = new ArrayList<>();
            int[][] predictions = workers.all(List.<Callable<int[][]>>of(() ->
                            MlpPredictor.predict(trainer.fit(all, classes, bestShape, bestAlpha, seeds), testSet)))
                    .get(0);
            for (int[] predicted : predictions) {
                accuracies.add(testSet.accuracy(predicted));
            }
            return new ProbeResult(best.setting(), accuracies, points, unseen, (System.nanoTime() - t0) / 1e9);
        }
    }
}
