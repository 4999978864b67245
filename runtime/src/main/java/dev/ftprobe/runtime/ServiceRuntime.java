package dev.ftprobe.runtime;

import dev.ftprobe.events.CodeVersion;
import dev.ftprobe.runtime.metrics.MetricsServer;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every long-running service shares: its configuration, its metrics and health server, and a clean shutdown.
 * Resources registered with {@link #register} are closed in reverse order on {@link #close()}, which a SIGTERM (or
 * Ctrl-C) triggers through a shutdown hook; each close gets what is left of the shutdown timeout
 * ({@value #SHUTDOWN_TIMEOUT_KEY}, default 30 s) and one that overruns is abandoned so that the process still exits.
 *
 * <p>A service's own work (training, extraction, {@code ftprobe run}'s pipeline) runs through {@link #run}: a shutdown
 * asks it to stop and waits, within the timeout, until it has returned before anything else is closed and the JVM
 * exits. The wait is what keeps a stop clean: on exit the JVM unloads the native libraries (libtorch's static
 * destructors run), and a thread still inside one (a backward pass) crashes the process. A signalled process exits with
 * the JVM's status, 130 for SIGINT and 143 for SIGTERM, after printing the {@link #setStopMessage stop message}.
 *
 * <p>Configuration keys read here: {@value #METRICS_HOST_KEY} (default 127.0.0.1; 0.0.0.0 in a container),
 * {@value #METRICS_PORT_KEY} (default 0, a free port), {@value #SHUTDOWN_TIMEOUT_KEY}.
 */
public final class ServiceRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRuntime.class);
    public static final String METRICS_HOST_KEY = "metrics.host";
    public static final String METRICS_PORT_KEY = "metrics.port";
    public static final String SHUTDOWN_TIMEOUT_KEY = "shutdown.timeout";
    public static final Map<String, String> DEFAULTS = Map.of(
            METRICS_HOST_KEY, "127.0.0.1",
            METRICS_PORT_KEY, "0",
            SHUTDOWN_TIMEOUT_KEY, "30s");

    /**
     * The shutdown timeout of what trains ({@code ftprobe run}, {@code ftprobe trainer}): a stop waits for the training
     * step in progress, about half a minute for BERT base on 2 cores, and the JVM must not exit under it.
     */
    public static final String TRAINING_SHUTDOWN_TIMEOUT = "120s";

    private final String service;
    private final Config config;
    private final MetricsServer metrics;
    private final Duration shutdownTimeout;
    private final Deque<Map.Entry<String, AutoCloseable>> resources = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook;
    private boolean closed;
    private volatile String stopMessage;
    private volatile boolean working;

    private ServiceRuntime(String service, Config config, boolean installHook) {
        this.service = service;
        this.config = config;
        this.shutdownTimeout = config.get(SHUTDOWN_TIMEOUT_KEY).isPresent()
                ? config.getDuration(SHUTDOWN_TIMEOUT_KEY)
                : Duration.ofSeconds(30);
        this.metrics = MetricsServer.start(
                service,
                config.getString(METRICS_HOST_KEY, "127.0.0.1"),
                config.get(METRICS_PORT_KEY).isPresent() ? config.getInt(METRICS_PORT_KEY) : 0);
        metrics.registry().gauge("ftprobe_info", List.of(Tag.of("version", CodeVersion.current())), 1);
        if (installHook) {
            hook = new Thread(this::close, service + "-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        } else {
            hook = null;
        }
        LOG.info("{} {} starting; configuration {}", service, CodeVersion.current(), config.describe());
    }

    /** Starts the metrics server and installs the SIGTERM hook. */
    public static ServiceRuntime start(String service, Config config) {
        return new ServiceRuntime(service, config, true);
    }

    /** As {@link #start} without the shutdown hook (several services in one JVM, tests). */
    public static ServiceRuntime startWithoutHook(String service, Config config) {
        return new ServiceRuntime(service, config, false);
    }

    public String service() {
        return service;
    }

    public Config config() {
        return config;
    }

    public MetricsServer metrics() {
        return metrics;
    }

    public PrometheusMeterRegistry registry() {
        return metrics.registry();
    }

    /** What {@code /health/ready} answers. */
    public void setReadiness(BooleanSupplier check) {
        metrics.setReadiness(check);
    }

    /** Closes {@code resource} at shutdown, before every resource registered earlier. */
    public synchronized <T extends AutoCloseable> T register(String name, T resource) {
        if (closed) {
            throw new IllegalStateException(service + " is shutting down");
        }
        resources.push(Map.entry(name, resource));
        return resource;
    }

    /** What the function given to {@link #run} does: a service's work, which may throw {@code E}. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T call() throws E;
    }

    /**
     * Runs the service's work on the calling thread and returns what it returns. A shutdown meanwhile (SIGTERM, Ctrl-C)
     * calls {@code stop} (which must only ask the work to end, from any thread) and waits, within the shutdown timeout,
     * until the work has returned; only then are the resources registered before this call closed.
     */
    public <T, E extends Exception> T run(String name, Runnable stop, Work<T, E> work) throws E {
        CountDownLatch returned = new CountDownLatch(1);
        register(name, () -> {
            stop.run();
            returned.await();
        });
        working = true;
        try {
            return work.call();
        } finally {
            working = false;
            returned.countDown();
        }
    }

    /**
     * The line printed on standard error when a shutdown stops the work of {@link #run} before it has returned of its
     * own: how to resume.
     */
    public void setStopMessage(String message) {
        this.stopMessage = message;
    }

    /** Blocks until {@link #close()} has run (e.g. after SIGTERM) or the thread is interrupted. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitShutdown(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isShuttingDown() {
        synchronized (this) {
            return closed;
        }
    }

    /** Closes every registered resource in reverse order within the shutdown timeout, then the metrics server. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        LOG.info("{} shutting down", service);
        boolean interrupted = working;
        metrics.setReadiness(() -> false);
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        Map.Entry<String, AutoCloseable> r;
        while ((r = pop()) != null) {
            closeWithin(r.getKey(), r.getValue(), Math.max(0, deadline - System.nanoTime()));
        }
        metrics.close();
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
        stopped.countDown();
        LOG.info("{} stopped", service);
        String message = stopMessage;
        if (interrupted && message != null) {
            System.err.println(message);
            System.err.flush();
        }
    }

    private synchronized Map.Entry<String, AutoCloseable> pop() {
        return resources.poll();
    }

    private void closeWithin(String name, AutoCloseable resource, long nanos) {
        Thread t = new Thread(
                () -> {
                    try {
                        resource.close();
                    } catch (Exception e) {
                        LOG.warn("closing {} failed", name, e);
                    }
                },
                service + "-close-" + name);
        t.setDaemon(true);
        t.start();
        try {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("{} did not close within the shutdown timeout; abandoning it", name);
        }
    }
}
