package dev.ftprobe.model;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock for all tensor work on the PyTorch engine in this JVM.
 *
 * <p>Why: with a fine-tuning step on one thread and forward passes of another model on a second
 * thread (the trainer and the extractor inside {@code ftprobe run}), the training losses came out
 * different from those of training alone in 2 runs of 4 to 6, by abrupt jumps at single steps,
 * and once as NaN: not rounding noise but computations disturbed by the other thread, somewhere
 * in DJL's PyTorch engine or libtorch. With every step and every forward pass under this lock, 10
 * runs of 10 gave the losses of training alone bit for bit ({@code ConcurrentEngineUseTest}).
 * Little parallelism is lost: each computation still uses every core through libtorch's own
 * intra-op threads. The lock is fair, so a trainer and an extractor take turns.
 *
 * <p>Held by {@link BertModel} (loading, forward passes, copies of weights, closing),
 * {@code FineTuner.step} and {@code TaskHead}; code that creates or reads tensors elsewhere should
 * take it too.
 *
 * <p>Not the whole story: a thread that only runs {@code System.gc()} in a loop, or one solving
 * GLOP LPs, still changes a concurrent fine-tuning's losses (and once made them NaN), with the lock
 * held and even with one intra-op thread; the cause is not found yet (see README, "Known issues").
 */
public final class EngineLock {
    private static final ReentrantLock LOCK = new ReentrantLock(true);

    private EngineLock() {}

    /** Runs {@code work} holding the lock and returns its result. */
    public static <T> T call(Supplier<T> work) {
        LOCK.lock();
        try {
            return work.get();
        } finally {
            LOCK.unlock();
        }
    }

    /** Runs {@code work} holding the lock. */
    public static void run(Runnable work) {
        LOCK.lock();
        try {
            work.run();
        } finally {
            LOCK.unlock();
        }
    }
}
