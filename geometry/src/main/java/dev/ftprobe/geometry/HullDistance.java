package dev.ftprobe.geometry;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import libsvm.svm_parameter;
import libsvm.svm_problem;

/**
 * Euclidean distance between the convex hulls of two point sets (METHOD.md §4); 0 when they meet.
 *
 * <p>{@link #exact()} computes it exactly with Wolfe's minimum-norm-point algorithm ({@link MinNormPoint}); the
 * analyzer uses it. The original computes it as 2/||w|| of a linear C-SVC from LIBSVM with C = 1e6 on unscaled points,
 * which {@link #libsvm(long)} still does (for {@code ftprobe directprobe --hull-distance libsvm} and comparisons): the
 * two agree to LIBSVM's tolerance (about 1e-3 relative) wherever LIBSVM converges. It does not on near-touching
 * clusters, which every real step-0 POS set has: there the C-SVC runs into LIBSVM's cap of 10 million iterations, 5 to
 * 8 s per pair and 80 to 90 % of the set's analysis, and its unconverged classifier decides the distance (measured in
 * BENCHMARKS.md, "Hull distances"). Hulls that meet within a relative 1e-6 of the vertices' norms count as meeting
 * (distance 0), as in the LP.
 *
 * <p>LIBSVM keeps global state: the random generator {@code svm.rand} (used for shuffling in cross validation and
 * probability estimates) and the print hook. Its calls go through one lock; the generator is re-seeded before every
 * training so results do not depend on call order, and the output is silenced.
 *
 * <p>The distance from a point to a cluster (DirectProbe's prediction) is the same computation with the point as a
 * one-point set: 0 when the point lies inside the hull.
 */
public final class HullDistance {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HullDistance.class);
    private static final ReentrantLock LIBSVM = new ReentrantLock();
    private final boolean libsvm;
    private final long seed;

    private HullDistance(boolean libsvm, long seed) {
        this.libsvm = libsvm;
        this.seed = seed;
    }

    /** The exact distance (Wolfe's algorithm): the analyzer's. */
    public static HullDistance exact() {
        return new HullDistance(false, 0);
    }

    /** The original's LIBSVM C-SVC (C = 1e6), its random generator seeded with {@code seed} before each training. */
    public static HullDistance libsvm(long seed) {
        return new HullDistance(true, seed);
    }

    /** Whether this is {@link #exact()}: its distances are those of the nearest-point solves DirectProbe keeps. */
    public boolean isExact() {
        return !libsvm;
    }

    /** Distance between the hulls of the points {@code a} and {@code b} of {@code points}. */
    public double between(LabelledPoints points, int[] a, int[] b) {
        return libsvm ? libsvmBetween(points, a, b) : exactBetween(points, a, b);
    }

    /** Wolfe's algorithm, exact to a relative 1e-6. */
    double exactBetween(LabelledPoints points, int[] a, int[] b) {
        MinNormPoint.Result r = MinNormPoint.distance(points, a, b);
        if (!r.converged()) {
            LOG.warn(
                    "hull distance of {} and {} points: no optimum after {} steps, reporting the upper bound {}",
                    a.length,
                    b.length,
                    r.iterations(),
                    r.distance());
        }
        return r.distance();
    }

    /**
     * The original's computation: 2/||w|| of LIBSVM's linear C-SVC with C = 1e6, 0 when the trained classifier does not
     * separate the sets. For comparisons; see the class comment.
     */
    double libsvmBetween(LabelledPoints points, int[] a, int[] b) {
        int d = points.dimension();
        svm_problem prob = new svm_problem();
        prob.l = a.length + b.length;
        prob.y = new double[prob.l];
        prob.x = new svm_node[prob.l][];
        for (int j = 0; j < prob.l; j++) {
            boolean first = j < a.length;
            int i = first ? a[j] : b[j - a.length];
            prob.y[j] = first ? 1 : -1;
            prob.x[j] = nodes(points, i, d);
        }
        svm_parameter param = new svm_parameter();
        param.svm_type = svm_parameter.C_SVC;
        param.kernel_type = svm_parameter.LINEAR;
        param.C = 1e6;
        param.eps = 1e-3;
        param.cache_size = 200;
        param.shrinking = 1;
        param.probability = 0;
        param.nr_weight = 0;
        param.weight_label = new int[0];
        param.weight = new double[0];
        svm_model model;
        LIBSVM.lock();
        try {
            svm.svm_set_print_string_function(s -> {});
            svm.rand.setSeed(seed);
            String err = svm.svm_check_parameter(prob, param);
            if (err != null) {
                throw new IllegalStateException("LIBSVM: " + err);
            }
            model = svm.svm_train(prob, param);
        } finally {
            LIBSVM.unlock();
        }
        double[] w = new double[d];
        for (int s = 0; s < model.l; s++) {
            double coef = model.sv_coef[0][s];
            for (svm_node node : model.SV[s]) {
                w[node.index - 1] += coef * node.value;
            }
        }
        double bias = -model.rho[0];
        // LIBSVM's first class is the label of the first training point (+1 here)
        double norm2 = 0;
        for (double v : w) {
            norm2 += v * v;
        }
        for (int j = 0; j < prob.l; j++) {
            int i = j < a.length ? a[j] : b[j - a.length];
            double f = points.dot(i, w) + bias;
            if (prob.y[j] * f <= 0) {
                return 0; // not separated: the hulls overlap
            }
        }
        return norm2 == 0 ? 0 : 2 / Math.sqrt(norm2);
    }

    /** Distance from point {@code p} of {@code query} to the hull of {@code cluster} in {@code points}: 0 inside. */
    public double pointToHull(double[] p, LabelledPoints points, int[] cluster) {
        int d = points.dimension();
        double[] data = new double[(cluster.length + 1) * d];
        System.arraycopy(p, 0, data, 0, d);
        int[] idx = new int[cluster.length];
        for (int j = 0; j < cluster.length; j++) {
            for (int k = 0; k < d; k++) {
                data[(j + 1) * d + k] = points.get(cluster[j], k);
            }
            idx[j] = j + 1;
        }
        int[] labels = new int[cluster.length + 1];
        LabelledPoints both = LabelledPoints.of(data, d, labels, List.of("x"));
        return between(both, new int[] {0}, idx);
    }

    /**
     * Distances from many points to the hulls of clusters of {@code points}, as {@link #pointToHull} computes them, for
     * DirectProbe's predictions (clusters x test points of them): the points are copied once per thread that asks, with
     * one more row for the query point, where {@link #pointToHull} copies the cluster on every call.
     */
    public PointDistances pointDistances(LabelledPoints points) {
        return new PointDistances(points);
    }

    /** See {@link #pointDistances}. Thread-safe: each thread has its own copy. */
    public final class PointDistances {
        private final LabelledPoints points;
        private final ThreadLocal<double[]> data = new ThreadLocal<>();
        private final ThreadLocal<LabelledPoints> withQuery = new ThreadLocal<>();

        private PointDistances(LabelledPoints points) {
            this.points = points;
        }

        /** Distance from {@code p} to the hull of the points {@code cluster} of {@code points}: 0 inside. */
        public double toHull(double[] p, int[] cluster) {
            int n = points.size();
            int d = points.dimension();
            if (p.length != d) {
                throw new IllegalArgumentException("point has " + p.length + " values, expected " + d);
            }
            for (double v : p) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("point has a value that is not finite: " + v);
                }
            }
            LabelledPoints q = withQuery.get();
            if (q == null) {
                double[] copy = new double[(n + 1) * d];
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < d; k++) {
                        copy[i * d + k] = points.get(i, k);
                    }
                }
                q = LabelledPoints.of(copy, d, new int[n + 1], List.of("x"));
                data.set(copy);
                withQuery.set(q);
            }
            // the last row is this thread's own and written before each solve: LabelledPoints keeps nothing computed
            // from the values, and the solve copies what it uses, so nothing sees a stale query point
            System.arraycopy(p, 0, data.get(), n * d, d);
            return between(q, new int[] {n}, cluster);
        }
    }

    private static svm_node[] nodes(LabelledPoints points, int i, int d) {
        svm_node[] x = new svm_node[d];
        for (int k = 0; k < d; k++) {
            svm_node node = new svm_node();
            node.index = k + 1;
            node.value = points.get(i, k);
            x[k] = node;
        }
        return x;
    }
}
