package dev.ftprobe.probe;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The probe's worker threads: each runs PyTorch with one intra-op thread, and the probe's independent stacks of fits
 * run side by side on them.
 *
 * <p>Why one PyTorch thread each: the probe's operations are small (a 200-row batch), and PyTorch's own threads cost
 * more than they save on them; measured on a busy 2-core machine, a small fit took 0.2 s on one PyTorch thread and 4 to
 * 16 s on two. It also makes every stack's numbers independent of the number of threads: each stack is computed on one
 * thread, whatever the pool's size. OpenMP's thread count is set per calling thread, but MKL's (which PyTorch sets with
 * it) is process-wide: a BERT model trained in the same JVM would then run its MKL products on one thread too.
 */
final class ProbeWorkers implements AutoCloseable {
    private final ExecutorService pool;

    ProbeWorkers(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(
                    () -> {
                        Engine.getEngine("PyTorch"); // JniUtils needs the native library loaded
                        JniUtils.setNumThreads(1);
                        r.run();
                    },
                    "probe-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(threads, factory);
    }

    /** Runs the tasks on the workers; the results come in the tasks' order. */
    <T> List<T> all(List<Callable<T>> tasks) {
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(task));
        }
        List<T> out = new ArrayList<>();
        try {
            for (Future<T> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(f -> f.cancel(true));
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
