package dev.ftprobe.app.run;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@value #NAME} [{@code ftprobe_checkpoint_lag_seconds}] run: the seconds from the latest analysed checkpoint's event
 * to its results being committed, the lag {@code ftprobe run} prints per checkpoint and writes to its summary. (The
 * Kafka consumer lag the dashboards show counts records waiting, not how long a checkpoint waited.)
 */
final class CheckpointLagGauge {
    static final String NAME = "ftprobe.checkpoint.lag.seconds";

    private final MeterRegistry registry;
    /** The latest lag of each run, in milliseconds. */
    private final Map<String, AtomicLong> millisByRun = new ConcurrentHashMap<>();

    CheckpointLagGauge(MeterRegistry registry) {
        this.registry = registry;
    }

    void set(String runId, Duration lag) {
        millisByRun
                .computeIfAbsent(runId, r -> {
                    AtomicLong holder = new AtomicLong();
                    Gauge.builder(NAME, holder, h -> h.get() / 1000.0)
                            .description("seconds from the latest analysed checkpoint's event to its results")
                            .tag("run", r)
                            .register(registry);
                    return holder;
                })
                .set(lag.toMillis());
    }
}
