package dev.ftprobe.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointLagsTest {
    @Test
    void aStepsLagRunsToItsLastLayersFirstRecordAndSkipsStepsWithoutAnEvent() {
        CheckpointLags lags = new CheckpointLags();
        lags.dynamicsRecord(0, 10_500, true); // layer 0
        lags.dynamicsRecord(0, 12_250, true); // layer 1, the step's last
        lags.dynamicsRecord(0, 99_000, false); // a replayed duplicate of layer 1: not what the run waited for
        lags.dynamicsRecord(5, 20_000, true);
        lags.dynamicsRecord(9, 30_000, true); // no checkpoint event on the log
        assertThat(lags.seconds(Map.of(0L, 10_000L, 5L, 18_000L)))
                .containsExactly(Map.entry(0L, 2.25), Map.entry(5L, 2.0));
    }

    @Test
    void theGaugeShowsEachRunsLatestLagInSeconds() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CheckpointLagGauge gauge = new CheckpointLagGauge(registry);
        gauge.set("r1", Duration.ofMillis(16_100));
        gauge.set("r2", Duration.ofMillis(500));
        gauge.set("r1", Duration.ofMillis(3_200));
        assertThat(registry.get(CheckpointLagGauge.NAME)
                        .tag("run", "r1")
                        .gauge()
                        .value())
                .isEqualTo(3.2);
        assertThat(registry.get(CheckpointLagGauge.NAME)
                        .tag("run", "r2")
                        .gauge()
                        .value())
                .isEqualTo(0.5);
    }
}
