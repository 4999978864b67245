package dev.ftprobe.geometry;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The separability LP with Google OR-tools' GLOP simplex ({@code com.google.ortools:ortools-java}).
 *
 * <p>Why GLOP: measured on DirectProbe-shaped LPs (two Gaussian clusters; see BENCHMARKS.md "## geometry") it was 4 to
 * 10 times faster than ojAlgo's pure-Java simplex and 2 to 5 times faster than Apache Commons Math3's dense-tableau
 * {@code SimplexSolver} (which also allocates a slack column per constraint and could not be run at 2,000 x 768); e.g.
 * 1,000 + 1,000 points in 768 dimensions: GLOP 0.7 s, ojAlgo 6.4 s. Its native library ships inside the
 * {@code ortools-linux-x86-64} jar and is extracted and loaded from the class path, so it works offline (about 0.4 s,
 * once per JVM). Each solve uses its own {@link MPSolver}, so LPs run in parallel safely.
 *
 * <p>The LP takes every point at once. Constraint generation (solve on a few points per side, add the violated ones,
 * repeat) was tried and removed: adding rows restarts GLOP from scratch, and on every shape measured (200 to 2,000
 * points per side, 128 and 768 dimensions) except the heavily overlapping 1,000 + 1,000 x 128 it was 1.5 to 13 times
 * slower than one solve over all points (BENCHMARKS.md, "LP over all points").
 *
 * <p>Points are centred on the pair's mean before solving, which keeps the offset small and the simplex well
 * conditioned; the offset is moved back afterwards. A solution is accepted only if it strictly separates the points in
 * double arithmetic (an exact proof); hulls that touch within the solver's tolerances are therefore reported as
 * overlapping.
 */
final class GlopSeparabilityLp implements SeparabilityLp {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GlopSeparabilityLp.class);

    private static final class Native {
        static {
            OrToolsNatives.load();
        }

        static void ensureLoaded() {
            // the static initializer runs once, thread-safely
        }
    }

    /**
     * One way to solve the LP: GLOP parameters (protobuf text format) and a cap on simplex iterations,
     * {@code iterationsPerSize} times rows + columns. A cap on iterations rather than on time keeps every answer
     * independent of the machine and its load.
     */
    record Attempt(String parameters, double iterationsPerSize) {
        long iterationLimit(int rows, int columns) {
            return Math.max(1, (long) Math.ceil(iterationsPerSize * (rows + columns)));
        }
    }

    /**
     * The attempts in order; the next one runs only when an attempt reaches its iteration cap.
     *
     * <p>First the dual simplex without presolve or scaling: these LPs are small and dense, so presolve finds little to
     * remove, and the dual simplex starts from the all-slack basis, which is dual feasible here (zero objective).
     * Measured on 624 LPs recorded from a real step-0 POS train set (random BERT tiny, layer 2, 17,015 words): 13.0 s,
     * against 14.8 s with scaling and 15.7 s with presolve; on 380 LPs recorded from ovl-3400x128 5.44 against 5.97 s
     * with scaling. On those LPs it never needed more iterations than 1.02 times the rows.
     *
     * <p>The dual simplex can stall: on layer 0 of that set (the embedding layer) two LPs of 73 + 1,231 points each ran
     * into a 5 s limit without presolve and with presolve and scaling, while presolve without scaling decided them in
     * 0.1 s; in the analysis of that set, LPs like them kept both threads busy for more than 15 minutes, and one LP of
     * 210 + 588 points once ran for more than half an hour. So the first attempt is capped at rows + columns iterations
     * and the two others, with presolve, at four times that. An LP that none of them decides is counted as overlapping
     * (the hulls are at most a solver's tolerance apart, or GLOP cannot tell) and logged.
     */
    static final List<Attempt> ATTEMPTS = List.of(
            new Attempt("use_preprocessing: false use_dual_simplex: true use_scaling: false", 1),
            new Attempt("use_dual_simplex: true use_scaling: false", 4),
            new Attempt("use_dual_simplex: false", 4));

    private final List<Attempt> attempts;
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong undecided = new AtomicLong();

    GlopSeparabilityLp() {
        this(ATTEMPTS);
    }

    /** With other attempts; for the tests of the fallbacks. */
    GlopSeparabilityLp(List<Attempt> attempts) {
        Native.ensureLoaded();
        this.attempts = List.copyOf(attempts);
    }

    @Override
    public Optional<Hyperplane> solve(LabelledPoints points, int[] a, int[] b) {
        return solve(points, a, b, new LpCancellation());
    }

    @Override
    public Optional<Hyperplane> solve(LabelledPoints points, int[] a, int[] b, LpCancellation cancel) {
        int rows = a.length + b.length;
        int columns = points.dimension() + 1;
        for (int i = 0; i < attempts.size(); i++) {
            Attempt at = attempts.get(i);
            long limit = at.iterationLimit(rows, columns);
            Outcome o = solveOnce(points, a, b, at.parameters() + " max_number_of_iterations: " + limit, cancel);
            if (cancel.isCancelled()) {
                return Optional.empty();
            }
            // GLOP without presolve ends most infeasible LPs as ABNORMAL, at once: as always, any
            // result but a verified separator means overlap, unless the cap cut the solve short
            if (o.separator().isPresent() || o.iterations() < limit) {
                return o.separator();
            }
            if (i + 1 < attempts.size()) {
                retried.incrementAndGet();
                LOG.debug(
                        "separability LP of {} + {} points in {} dimensions undecided after {} iterations ({}); "
                                + "trying {}",
                        a.length,
                        b.length,
                        points.dimension(),
                        o.iterations(),
                        o.status(),
                        attempts.get(i + 1).parameters());
            }
        }
        undecided.incrementAndGet();
        LOG.warn(
                "separability LP of {} + {} points in {} dimensions undecided by every attempt: counted as overlapping",
                a.length,
                b.length,
                points.dimension());
        return Optional.empty();
    }

    /**
     * The loop of {@link #solve(LabelledPoints, int[], int[], LpCancellation)} with its two kinds of empty answer kept
     * apart: an LP ended before its cap without a verified separator is OVERLAP if GLOP found no solution, UNDECIDED if
     * it found one that does not strictly separate in double arithmetic; an LP that every attempt cut short is
     * UNDECIDED.
     */
    @Override
    public Decision decide(LabelledPoints points, int[] a, int[] b) {
        int rows = a.length + b.length;
        int columns = points.dimension() + 1;
        for (Attempt at : attempts) {
            long limit = at.iterationLimit(rows, columns);
            Outcome o = solveOnce(
                    points, a, b, at.parameters() + " max_number_of_iterations: " + limit, new LpCancellation());
            if (o.separator().isPresent()) {
                return new Decision(SeparationVerdict.SEPARABLE, o.separator(), "");
            }
            if (o.iterations() < limit) {
                boolean found =
                        o.status() == MPSolver.ResultStatus.OPTIMAL || o.status() == MPSolver.ResultStatus.FEASIBLE;
                return found
                        ? new Decision(SeparationVerdict.UNDECIDED, Optional.empty(), "unverified " + o.status())
                        : new Decision(
                                SeparationVerdict.OVERLAP,
                                Optional.empty(),
                                o.status().toString());
            }
        }
        return new Decision(SeparationVerdict.UNDECIDED, Optional.empty(), "every attempt reached its cap");
    }

    @Override
    public String counts() {
        return "lp-retried=" + retried.get() + " lp-undecided=" + undecided.get();
    }

    /** With other GLOP parameters (protobuf text format); for measurements. */
    Optional<Hyperplane> solve(LabelledPoints points, int[] a, int[] b, String params) {
        return solveOnce(points, a, b, params, new LpCancellation()).separator();
    }

    /** A solve's status, simplex iterations and verified separator, if any. */
    record Outcome(MPSolver.ResultStatus status, long iterations, Optional<Hyperplane> separator) {}

    private Outcome solveOnce(LabelledPoints points, int[] a, int[] b, String params, LpCancellation cancel) {
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
            if (!cancel.whileSolving(solver::interruptSolve)) {
                return new Outcome(MPSolver.ResultStatus.NOT_SOLVED, 0, Optional.empty());
            }
            MPSolver.ResultStatus status;
            try {
                status = solver.solve();
            } finally {
                cancel.whileSolving(null);
            }
            if (status != MPSolver.ResultStatus.OPTIMAL && status != MPSolver.ResultStatus.FEASIBLE) {
                return new Outcome(status, solver.iterations(), Optional.empty());
            }
            double[] wv = new double[d];
            double shift = 0;
            for (int k = 0; k < d; k++) {
                wv[k] = w[k].solutionValue();
                shift += wv[k] * mean[k];
            }
            Hyperplane h = new Hyperplane(wv, off.solutionValue() - shift);
            return new Outcome(
                    status, solver.iterations(), h.strictlySeparates(points, a, b) ? Optional.of(h) : Optional.empty());
        } finally {
            solver.delete();
        }
    }

    private static void addRow(
            MPConstraint row, LabelledPoints points, int i, double[] mean, MPVariable[] w, MPVariable off) {
        for (int k = 0; k < w.length; k++) {
            double v = points.get(i, k) - mean[k];
            if (v != 0) {
                row.setCoefficient(w[k], v);
            }
        }
        row.setCoefficient(off, 1.0);
    }
}
