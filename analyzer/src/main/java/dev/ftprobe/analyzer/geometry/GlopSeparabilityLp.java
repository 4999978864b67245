package dev.ftprobe.analyzer.geometry;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.Optional;

/**
 * The separability LP with Google OR-tools' GLOP simplex ({@code com.google.ortools:ortools-java}).
 *
 * <p>Why GLOP: measured on DirectProbe-shaped LPs (two Gaussian clusters; see BENCHMARKS.md
 * "## geometry") it was 4 to 10 times faster than ojAlgo's pure-Java simplex and 2 to 5 times
 * faster than Apache Commons Math3's dense-tableau {@code SimplexSolver} (which also allocates a
 * slack column per constraint and could not be run at 2,000 x 768); e.g. 1,000 + 1,000 points in
 * 768 dimensions: GLOP 0.7 s, ojAlgo 6.4 s. Its native library ships inside the
 * {@code ortools-linux-x86-64} jar and is extracted and loaded from the class path, so it works
 * offline (about 0.4 s, once per JVM). Each solve uses its own {@link MPSolver}, so LPs run in
 * parallel safely.
 *
 * <p>The LP takes every point at once. Constraint generation (solve on a few points per side, add
 * the violated ones, repeat) was tried and removed: adding rows restarts GLOP from scratch, and on
 * every shape measured (200 to 2,000 points per side, 128 and 768 dimensions) except the heavily
 * overlapping 1,000 + 1,000 x 128 it was 1.5 to 13 times slower than one solve over all points
 * (BENCHMARKS.md, "LP over all points").
 *
 * <p>Points are centred on the pair's mean before solving, which keeps the offset small and the
 * simplex well conditioned; the offset is moved back afterwards. A solution is accepted only if
 * it strictly separates the points in double arithmetic (an exact proof); hulls that touch within
 * the solver's tolerances are therefore reported as overlapping.
 */
final class GlopSeparabilityLp implements SeparabilityLp {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GlopSeparabilityLp.class);
    private static final class Native {
        static {
            Loader.loadNativeLibraries();
        }

        static void ensureLoaded() {
            // the static initializer runs once, thread-safely
        }
    }

    /**
     * Dual simplex without presolve: these LPs are small and dense, so presolve finds nothing to
     * remove, and the dual simplex starts from the all-slack basis, which is dual feasible here
     * (zero objective). Measured on 300 LPs recorded from ovl-3400x128: 10 % faster than GLOP's
     * defaults; on 768-dimensional clusters of 200 to 1,000 points 20 to 35 % faster.
     *
     * <p>Without presolve the dual simplex can stall: on a real step-0 POS train set (random BERT
     * tiny, 17,015 words) one LP of 210 + 588 points ran for more than half an hour, while with
     * presolve it took 0.1 s. So it gets {@value #FIRST_TRY_SECONDS} s, far above the usual few
     * milliseconds to a second, and an LP that does not end in time is solved again with
     * presolve ({@link #FALLBACK}) and no limit. (The status cannot tell: without presolve GLOP ends
     * some infeasible LPs as ABNORMAL too, at once.)
     */
    static final String PARAMETERS = "use_preprocessing: false use_dual_simplex: true";
    static final int FIRST_TRY_SECONDS = 10;
    static final String FALLBACK = "use_dual_simplex: true";

    private final double firstTrySeconds;

    GlopSeparabilityLp() {
        this(FIRST_TRY_SECONDS);
    }

    /** With another limit for the first try; for the test of the fallback. */
    GlopSeparabilityLp(double firstTrySeconds) {
        Native.ensureLoaded();
        this.firstTrySeconds = firstTrySeconds;
    }

    @Override
    public Optional<Hyperplane> solve(LabelledPoints points, int[] a, int[] b) {
        long t0 = System.nanoTime();
        Outcome first = solveOnce(points, a, b, PARAMETERS + " max_time_in_seconds: " + firstTrySeconds);
        // GLOP without presolve also ends some infeasible LPs as ABNORMAL, at once: as before, any
        // result but a verified separator means overlap, unless the time limit cut the solve short
        if (first.separator().isPresent() || (System.nanoTime() - t0) / 1e9 < 0.9 * firstTrySeconds) {
            return first.separator();
        }
        LOG.warn("separability LP of {} + {} points in {} dimensions undecided after {} s ({}): solving it again with presolve",
                a.length, b.length, points.dimension(), firstTrySeconds, first.status());
        return solveOnce(points, a, b, FALLBACK).separator();
    }

    /** With other GLOP parameters (protobuf text format); for measurements. */
    Optional<Hyperplane> solve(LabelledPoints points, int[] a, int[] b, String params) {
        return solveOnce(points, a, b, params).separator();
    }

    /** A solve's status and its verified separator, if any. */
    record Outcome(MPSolver.ResultStatus status, Optional<Hyperplane> separator) {}

    private Outcome solveOnce(LabelledPoints points, int[] a, int[] b, String params) {
        int d = points.dimension();
        double[] mean = points.meanOf(a, b);
        MPSolver solver = MPSolver.createSolver("GLOP");
        if (solver == null) {
            throw new IllegalStateException("OR-tools has no GLOP solver");
        }
        if (params != null && !solver.setSolverSpecificParametersAsString(params)) {
            solver.delete();
            throw new IllegalArgumentException("GLOP does not take the parameters '" + params + "'");
        }
        try {
            double inf = MPSolver.infinity();
            MPVariable[] w = new MPVariable[d];
            for (int k = 0; k < d; k++) {
                w[k] = solver.makeNumVar(-inf, inf, "w" + k);
            }
            MPVariable off = solver.makeNumVar(-inf, inf, "b");
            for (int i : a) {
                addRow(solver.makeConstraint(1, inf), points, i, mean, w, off);
            }
            for (int i : b) {
                addRow(solver.makeConstraint(-inf, -1), points, i, mean, w, off);
            }
            MPSolver.ResultStatus status = solver.solve();
            if (status != MPSolver.ResultStatus.OPTIMAL && status != MPSolver.ResultStatus.FEASIBLE) {
                return new Outcome(status, Optional.empty());
            }
            double[] wv = new double[d];
            double shift = 0;
            for (int k = 0; k < d; k++) {
                wv[k] = w[k].solutionValue();
                shift += wv[k] * mean[k];
            }
            Hyperplane h = new Hyperplane(wv, off.solutionValue() - shift);
            return new Outcome(status, h.strictlySeparates(points, a, b) ? Optional.of(h) : Optional.empty());
        } finally {
            solver.delete();
        }
    }

    private static void addRow(MPConstraint row, LabelledPoints points, int i, double[] mean, MPVariable[] w,
            MPVariable off) {
        for (int k = 0; k < w.length; k++) {
            double v = points.get(i, k) - mean[k];
            if (v != 0) {
                row.setCoefficient(w[k], v);
            }
        }
        row.setCoefficient(off, 1.0);
    }
}
