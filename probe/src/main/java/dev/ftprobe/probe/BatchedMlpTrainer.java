package dev.ftprobe.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Trains several MLP probes of one shape at once, as scikit-learn 0.22's {@code MLPClassifier(solver='adam')} trains
 * one ({@code _fit_stochastic}): Glorot-uniform initial weights, each epoch a reshuffle of the training set and
 * mini-batches of {@code min(200, n)} (the last one smaller), Adam, the L2 term {@code 0.5 * alpha * ||W||^2 / B} on
 * the weights only, and a stop when the epoch's training loss has not fallen by more than {@code tol} for more than
 * {@code n_iter_no_change} epochs, or at {@code max_iter}.
 *
 * <p>Each model is an (alpha, seed) pair; a model's seed draws its initial weights and then its shuffles. When all
 * seeds are equal (the grid search: the alphas of one shape), the models start from the same weights and see the same
 * batches, exactly as separate sklearn fits with one {@code random_state} would, and each batch is fed once to all of
 * them. A model that stops leaves the stack; the others go on.
 *
 * <p>Where it differs from sklearn: float32 instead of float64; Java's {@link java.util.SplittableRandom} instead of
 * numpy's generator (so a seed gives other, equally distributed, weights and shuffles); probabilities clipped to [1e-7,
 * 1 - 1e-7] in the loss instead of [1e-10, 1 - 1e-10] (float32 cannot hold 1 - 1e-10). The loss only decides when to
 * stop. The result for a seed does not depend on which other models share the stack beyond float32 rounding of the
 * batched products.
 */
public final class BatchedMlpTrainer {
    private final MlpOptions options;

    public BatchedMlpTrainer(MlpOptions options) {
        this.options = options;
    }

    /**
     * One fitted model per (alphas[m], seeds[m]), in that order.
     *
     * @param classes the number of classes; the set's class indices must lie in [0, classes)
     */
    public FittedMlp[] fit(ProbeSet train, int classes, MlpShape shape, double[] alphas, long[] seeds) {
        if (alphas.length != seeds.length || alphas.length == 0) {
            throw new IllegalArgumentException(alphas.length + " alphas for " + seeds.length + " seeds");
        }
        int k = alphas.length;
        int n = train.size();
        int d = train.dimension();
        int outputs = MlpWeights.outputsFor(classes);
        boolean shared = Arrays.stream(seeds).allMatch(s -> s == seeds[0]);
        ModelRandom[] random = new ModelRandom[shared ? 1 : k];
        for (int r = 0; r < random.length; r++) {
            random[r] = new ModelRandom(seeds[r]);
        }
        MlpWeights[] init = new MlpWeights[k];
        for (int m = 0; m < k; m++) {
            init[m] = shared && m > 0 ? init[0] : random[shared ? 0 : m].initialWeights(d, shape, outputs);
        }
        FittedMlp[] out = new FittedMlp[k];
        try (NDManager manager = NDManager.newBaseManager();
                StackedMlp mlp = new StackedMlp(manager, Arrays.asList(init), alphas, options)) {
            NDArray x = manager.create(train.values(), new Shape(n, d));
            NDArray y = manager.create(targets(train, classes, outputs), new Shape(n, outputs));
            int batch = Math.min(options.batchSize(), n);
            int[] active = identity(k); // the model behind each stack position
            double[] best = new double[k];
            Arrays.fill(best, Double.POSITIVE_INFINITY);
            int[] noImprovement = new int[k];
            for (int epoch = 1; active.length > 0; epoch++) {
                int[][] order = new int[shared ? 1 : active.length][];
                for (int j = 0; j < order.length; j++) {
                    order[j] = random[shared ? 0 : active[j]].permutation(n);
                }
                double[] summed = new double[active.length];
                for (int start = 0; start < n; start += batch) {
                    int b = Math.min(batch, n - start);
                    try (NDScope scope = new NDScope()) {
                        NDArray index = manager.create(batchIndex(order, start, b));
                        NDArray xb = x.get(index).reshape(order.length, b, d);
                        NDArray yb = y.get(index).reshape(order.length, b, outputs);
                        double[] loss = mlp.step(xb, yb);
                        for (int j = 0; j < summed.length; j++) {
                            summed[j] += loss[j] * b;
                        }
                    }
                }
                int[] keep = new int[active.length];
                int kept = 0;
                for (int j = 0; j < active.length; j++) {
                    int m = active[j];
                    double loss = summed[j] / n;
                    // sklearn's _update_no_improvement_count without early stopping
                    noImprovement[m] = loss > best[m] - options.tol() ? noImprovement[m] + 1 : 0;
                    best[m] = Math.min(best[m], loss);
                    boolean stalled = noImprovement[m] > options.nIterNoChange();
                    if (stalled || epoch == options.maxIter()) {
                        out[m] = new FittedMlp(mlp.weights(j), alphas[m], seeds[m], epoch, loss, stalled);
                    } else {
                        keep[kept++] = j;
                    }
                }
                if (kept < active.length && kept > 0) {
                    int[] positions = Arrays.copyOf(keep, kept);
                    mlp.keep(positions);
                    int[] next = new int[kept];
                    for (int j = 0; j < kept; j++) {
                        next[j] = active[positions[j]];
                    }
                    active = next;
                } else if (kept == 0) {
                    active = new int[0];
                }
            }
        }
        return out;
    }

    /** The rows of one batch: for each shuffle, its positions start .. start + b - 1, one shuffle after the other. */
    private static long[] batchIndex(int[][] order, int start, int b) {
        long[] idx = new long[order.length * b];
        for (int j = 0; j < order.length; j++) {
            for (int i = 0; i < b; i++) {
                idx[j * b + i] = order[j][start + i];
            }
        }
        return idx;
    }

    /** One-hot rows, or one 0/1 column for a single logistic unit (sklearn's LabelBinarizer for two classes). */
    private static float[] targets(ProbeSet set, int classes, int outputs) {
        float[] t = new float[set.size() * outputs];
        for (int i = 0; i < set.size(); i++) {
            int c = set.classOf(i);
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException(
                        set.name() + " point " + (i + 1) + " has class " + c + ", outside [0, " + classes + ")");
            }
            if (outputs == 1) {
                t[i] = c;
            } else {
                t[i * outputs + c] = 1f;
            }
        }
        return t;
    }

    private static int[] identity(int k) {
        int[] a = new int[k];
        for (int i = 0; i < k; i++) {
            a[i] = i;
        }
        return a;
    }
}
