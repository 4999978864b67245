package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.Future;

/**
 * Certifies independent cluster pairs in parallel on the run's {@link Workers}: one nearest-point solve each
 * ({@link OverlapTester#certify}), the LP only where it proves nothing. When only the first overlap matters, the
 * remaining pairs are cancelled as soon as one is proven: those not started never start, and running ones do not go on
 * to the LP. Every converged solve is kept in the run's {@link CertifiedPairs}.
 */
final class LpPool {
    private final Workers workers;
    private final OverlapTester tester;
    private final CertifiedPairs certified;

    /**
     * @param overlapping the pairs proven to overlap (with an early stop, the first one only)
     * @param undecided the pairs that neither the certificates nor the LP decided (all of them: an undecided pair does
     *     not stop early, so that whether a result rests on undecided pairs only does not depend on timing)
     */
    record Outcome(List<LpTask> overlapping, List<LpTask> undecided) {
        /** Whether the pairs count as overlapping: proven, or undecided (which is counted, see DirectProbe). */
        boolean overlaps() {
            return !overlapping.isEmpty() || !undecided.isEmpty();
        }
    }

    LpPool(Workers workers, OverlapTester tester, CertifiedPairs certified) {
        this.workers = workers;
        this.tester = tester;
        this.certified = certified;
    }

    /** The verdict of one task; null when cancelled. */
    private record Verdict(LpTask task, SeparationVerdict verdict) {}

    /**
     * Certifies the pairs (started in the given order). With {@code earlyStop} the remaining ones are cancelled after
     * the first proven overlap. When {@code separating} is not null (then it must be thread-safe), the hyperplane of
     * each task found separable is put there.
     */
    Outcome certify(List<LpTask> tasks, boolean earlyStop, Map<LpTask, Hyperplane> separating) {
        List<LpTask> overlapping = new ArrayList<>();
        List<LpTask> undecided = new ArrayList<>();
        if (tasks.isEmpty()) {
            return new Outcome(overlapping, undecided);
        }
        CompletionService<Verdict> cs = workers.completionService();
        List<Future<Verdict>> futures = new ArrayList<>();
        List<LpCancellation> cancels = new ArrayList<>();
        for (LpTask t : tasks) {
            LpCancellation cancel = new LpCancellation();
            cancels.add(cancel);
            futures.add(cs.submit(() -> {
                PairCertificate c = tester.certify(t.a(), t.b(), t.start(), cancel);
                if (c == null) {
                    return null;
                }
                certified.put(t.a().members(), t.b().members(), c);
                if (c.verdict() == SeparationVerdict.SEPARABLE && separating != null) {
                    separating.put(t, new Hyperplane(c.normal(), c.offset()));
                }
                return new Verdict(t, c.verdict());
            }));
        }
        try {
            for (int i = 0; i < tasks.size(); i++) {
                Verdict v = Workers.await(cs.take());
                if (v == null || v.verdict() == SeparationVerdict.SEPARABLE) {
                    continue;
                }
                if (v.verdict() == SeparationVerdict.UNDECIDED) {
                    undecided.add(v.task());
                    continue;
                }
                overlapping.add(v.task());
                if (earlyStop) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            // after an early stop the other solves are wasted work (their answers are never read)
            for (Future<Verdict> f : futures) {
                f.cancel(false);
            }
            for (LpCancellation c : cancels) {
                c.cancel();
            }
        }
        // completion order varies with timing: report in the tasks' order
        undecided.sort(LpTask.CLOSEST_FIRST);
        return new Outcome(Collections.unmodifiableList(overlapping), Collections.unmodifiableList(undecided));
    }
}
