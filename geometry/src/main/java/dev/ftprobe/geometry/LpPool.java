package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.Future;

/**
 * Runs independent separability LPs in parallel on the run's {@link Workers}. When only the first overlap matters, the
 * remaining LPs are cancelled as soon as one is found: those not started never start, and running ones are interrupted
 * through their {@link LpCancellation}.
 */
final class LpPool {
    private final Workers workers;
    private final OverlapTester tester;

    LpPool(Workers workers, OverlapTester tester) {
        this.workers = workers;
        this.tester = tester;
    }

    /**
     * Runs the LPs (started in the given order); returns the overlapping tasks. With {@code earlyStop} the remaining
     * LPs are cancelled after the first overlap and the result holds that one only. When {@code separating} is not null
     * (then it must be thread-safe), the hyperplane of each task found separable is put there.
     */
    List<LpTask> overlapping(List<LpTask> tasks, boolean earlyStop, Map<LpTask, Hyperplane> separating) {
        List<LpTask> overlapping = new ArrayList<>();
        if (tasks.isEmpty()) {
            return overlapping;
        }
        CompletionService<LpTask> cs = workers.completionService();
        List<Future<LpTask>> futures = new ArrayList<>();
        List<LpCancellation> cancels = new ArrayList<>();
        for (LpTask t : tasks) {
            LpCancellation cancel = new LpCancellation();
            cancels.add(cancel);
            futures.add(cs.submit(() -> {
                Optional<Hyperplane> h = tester.lpSeparator(t.a(), t.b(), cancel);
                if (h.isPresent() && separating != null) {
                    separating.put(t, h.get());
                }
                return h.isEmpty() ? t : null;
            }));
        }
        try {
            for (int i = 0; i < tasks.size(); i++) {
                LpTask over = Workers.await(cs.take());
                if (over != null) {
                    overlapping.add(over);
                    if (earlyStop) {
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            // after an early stop the other LPs are wasted work (their answers are never read)
            for (Future<LpTask> f : futures) {
                f.cancel(false);
            }
            for (LpCancellation c : cancels) {
                c.cancel();
            }
        }
        return overlapping;
    }
}
