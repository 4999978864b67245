package dev.ftprobe.geometry;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one DirectProbe run: the per-label merging, the chunks of cheap tests and the LPs share one fixed pool
 * of daemon threads, so that a run never uses more than its parallelism.
 */
final class Workers implements AutoCloseable {
    private final int parallelism;
    private final ExecutorService executor;

    Workers(int parallelism) {
        this.parallelism = parallelism;
        AtomicInteger threadNo = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "directprobe-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        executor = Executors.newFixedThreadPool(parallelism, tf);
    }

    int parallelism() {
        return parallelism;
    }

    <T> Future<T> submit(Callable<T> task) {
        return executor.submit(task);
    }

    /** A completion service on these threads: results in the order they finish. */
    <T> CompletionService<T> completionService() {
        return new ExecutorCompletionService<>(executor);
    }

    /** The task's result; its exception is rethrown unchecked. */
    static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(c);
        }
    }

    /** Stops the threads; tasks still queued never run. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
