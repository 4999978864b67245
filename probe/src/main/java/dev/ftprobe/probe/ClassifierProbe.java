package dev.ftprobe.probe;

import dev.ftprobe.geometry.LabelledPoints;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paper's classifier probe (METHOD §6): a grid search over MLP settings on a seeded held-out part of train, then
 * the best setting trained {@code runs} times with different seeds on all of train, scored on test.
 *
 * <p>The classes are the labels present in train. Test points of labels train lacks are kept and scored as errors
 * (reported in {@link ProbeResult#unseenTestLabels()}). All alphas of one shape are trained in one stack with the same
 * seed (as separate sklearn fits with one {@code random_state}), and the final runs each in a stack of its own, seeds
 * {@code seed + 1 .. seed + runs}. The best setting is the one with the highest held-out accuracy, the first in grid
 * order on a tie. The held-out part is drawn with {@code seed}.
 */
public final class ClassifierProbe {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifierProbe.class);
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

    /** A stack's work per example, in multiply-adds of its three layers (the same for every alpha). */
    /** Whether an earlier probe's points of a shape are for these L2 weights, in this order. */
    private static boolean sameAlphas(List<ProbeResult.GridPoint> points, double[] alphas) {
        if (points.size() != alphas.length) {
            return false;
        }
        for (int a = 0; a < alphas.length; a++) {
            if (Double.compare(points.get(a).setting().alpha(), alphas[a]) != 0) {
                return false;
            }
        }
        return true;
    }

    private static long cost(int inputs, MlpShape shape, int classes) {
        return (long) inputs * shape.hidden1()
                + (long) shape.hidden1() * shape.hidden2()
                + (long) shape.hidden2() * MlpWeights.outputsFor(classes);
    }

    /**
     * A digest of everything this probe's result on {@code train} and {@code test} depends on: the points, their
     * labels, the grid, the MLP's options, the seed, the held-out share and the number of final runs (not the threads,
     * which change nothing). Names the probe's {@link ProbeJournal}.
     */
    public String progressKey(LabelledPoints train, LabelledPoints test) {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        String settings = "classifier-probe 1 " + grid.shapes() + " " + grid.alphas() + " " + options + " " + seed + " "
                + heldOutFraction + " " + runs;
        d.update(settings.getBytes(StandardCharsets.UTF_8));
        for (LabelledPoints set : List.of(train, test)) {
            d.update(set.labelNames().toString().getBytes(StandardCharsets.UTF_8));
            ByteBuffer b = ByteBuffer.allocate(8 * (2 + set.dimension()) + 4);
            b.putLong(set.size()).putLong(set.dimension());
            d.update(b.flip());
            for (int i = 0; i < set.size(); i++) {
                b.clear();
                b.putInt(set.label(i));
                for (int k = 0; k < set.dimension(); k++) {
                    b.putDouble(set.get(i, k));
                }
                d.update(b.flip());
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /**
     * @throws IllegalArgumentException when train has fewer than two labels, or the sets' labels or dimensions differ
     */
    public ProbeResult run(LabelledPoints train, LabelledPoints test) {
        return run(train, test, ProbeProgress.NONE);
    }

    /**
     * {@link #run(LabelledPoints, LabelledPoints, ProbeProgress)} with its progress kept in a {@link ProbeJournal} in
     * {@code progressDir}, named by {@link #progressKey}: a probe stopped part way goes on from its finished grid
     * shapes and final runs when it is run again on the same sets and settings. The journal is deleted once the result
     * is in (a failure to delete it is only logged: the result stands).
     *
     * @throws IOException when the journal cannot be opened: the directory or its file cannot be created, read or
     *     written
     */
    public ProbeResult run(LabelledPoints train, LabelledPoints test, Path progressDir) throws IOException {
        ProbeJournal journal = ProbeJournal.open(progressDir, progressKey(train, test));
        ProbeResult r;
        try (journal) {
            r = run(train, test, journal);
        }
        try {
            journal.delete();
        } catch (IOException e) {
            LOG.warn("probe progress {} done but not removed: {}", journal.file(), e.toString());
        }
        return r;
    }

    /**
     * The probe, taking the parts {@code progress} has from an earlier probe of the same inputs (see
     * {@link #progressKey}) and recording each part it finishes there.
     *
     * @throws IllegalArgumentException when train has fewer than two labels, or the sets' labels or dimensions differ
     */
    public ProbeResult run(LabelledPoints train, LabelledPoints test, ProbeProgress progress) {
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
            // Largest stacks first, so that no worker is left with a large one at the end while the others idle;
            // the points still come back in grid order.
            List<MlpShape> shapes = grid.shapes();
            Integer[] order = new Integer[shapes.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            int inputs = all.dimension();
            Arrays.sort(
                    order,
                    Comparator.comparingLong((Integer i) -> -cost(inputs, shapes.get(i), classes))
                            .thenComparingInt(i -> i));
            // the paper's grid takes minutes on 2 cores: a line per shape shows how far it is
            LOG.info(
                    "probe grid: {} settings ({} shapes x {} L2 weights) on {} train points, {} held out",
                    shapes.size() * alphas.length,
                    shapes.size(),
                    alphas.length,
                    fitPart.size(),
                    heldOut.size());
            AtomicInteger shapesDone = new AtomicInteger();
            List<Callable<List<ProbeResult.GridPoint>>> tasks = new ArrayList<>();
            for (int i : order) {
                MlpShape shape = shapes.get(i);
                Optional<List<ProbeResult.GridPoint>> earlier =
                        progress.shape(shape).filter(points -> sameAlphas(points, alphas));
                if (earlier.isPresent()) {
                    shapesDone.incrementAndGet();
                    tasks.add(earlier::get);
                    continue;
                }
                tasks.add(() -> {
                    FittedMlp[] fits = trainer.fit(fitPart, classes, shape, alphas, sameSeed);
                    int[][] predicted = MlpPredictor.predict(fits, heldOut);
                    List<ProbeResult.GridPoint> out = new ArrayList<>();
                    for (int a = 0; a < alphas.length; a++) {
                        out.add(new ProbeResult.GridPoint(
                                new ProbeResult.Setting(shape, alphas[a]), heldOut.accuracy(predicted[a])));
                    }
                    progress.shapeDone(shape, out);
                    LOG.info(
                            "probe grid: shape {}x{} done ({} of {}), {} s",
                            shape.hidden1(),
                            shape.hidden2(),
                            shapesDone.incrementAndGet(),
                            shapes.size(),
                            Math.round((System.nanoTime() - t0) / 1e9));
                    return out;
                });
            }
            if (shapesDone.get() > 0) {
                LOG.info(
                        "probe grid: {} of {} shapes done by an earlier, stopped probe",
                        shapesDone.get(),
                        shapes.size());
            }
            List<List<ProbeResult.GridPoint>> byShape = new ArrayList<>(Collections.nCopies(order.length, null));
            List<List<ProbeResult.GridPoint>> done = workers.all(tasks);
            for (int j = 0; j < order.length; j++) {
                byShape.set(order[j], done.get(j));
            }
            List<ProbeResult.GridPoint> points = new ArrayList<>();
            byShape.forEach(points::addAll);
            ProbeResult.GridPoint best = points.get(0);
            for (ProbeResult.GridPoint p : points) {
                if (p.devAccuracy() > best.devAccuracy()) {
                    best = p;
                }
            }

            // One stack per seed: the runs see different batches, so they share no product, and each runs on a
            // worker of its own while there are workers free.
            LOG.info(
                    "probe grid: best {}x{} L2 {} (held-out accuracy {}); training it with {} seeds",
                    best.setting().shape().hidden1(),
                    best.setting().shape().hidden2(),
                    best.setting().alpha(),
                    best.devAccuracy(),
                    runs);
            MlpShape bestShape = best.setting().shape();
            double bestAlpha = best.setting().alpha();
            List<Callable<Double>> finals = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                long runSeed = seed + 1 + r;
                OptionalDouble earlier = progress.finalRun(runSeed);
                if (earlier.isPresent()) {
                    finals.add(earlier::getAsDouble);
                    continue;
                }
                finals.add(() -> {
                    double accuracy = testSet.accuracy(
                            MlpPredictor.predict(
                                    trainer.fit(
                                            all, classes, bestShape, new double[] {bestAlpha}, new long[] {runSeed}),
                                    testSet)[0]);
                    progress.finalRunDone(runSeed, accuracy);
                    return accuracy;
                });
            }
            List<Double> accuracies = workers.all(finals);
            return new ProbeResult(best.setting(), accuracies, points, unseen, (System.nanoTime() - t0) / 1e9);
        }
    }
}
