package dev.ftprobe.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.events.RunManifest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A run's manifest from the global store, or from the runs topic once when the store has not read it yet. */
class RunManifestsTest {
    private final Map<String, Long> store = new HashMap<>();
    private final Map<String, RunManifest> topic = new HashMap<>();
    private final List<String> lookups = new ArrayList<>();
    private final RunManifests manifests = new RunManifests(store::get, runId -> {
        lookups.add(runId);
        return Optional.ofNullable(topic.get(runId));
    });

    @Test
    void aRunTheStoreKnowsIsNotLookedUp() {
        store.put("r", 7L);
        store.put(RunStepsUpdater.layersKey("r"), 0b110L);
        manifests.resolve("r");
        assertThat(lookups).isEmpty();
        assertThat(manifests.lastStep("r")).isEqualTo(7);
        assertThat(manifests.layerMask("r")).isEqualTo(0b110L);
    }

    @Test
    void aRunTheStoreHasNotReadYetIsReadFromTheTopicOnce() {
        topic.put("r", TrackingTopologyTest.manifest("r", 4, List.of(0, 3)));
        assertThat(manifests.lastStep("r")).as("not resolved yet").isEqualTo(Checkpoint.UNKNOWN);
        manifests.resolve("r");
        manifests.resolve("r");
        assertThat(lookups).containsExactly("r");
        assertThat(manifests.lastStep("r")).isEqualTo(4);
        assertThat(manifests.layerMask("r")).isEqualTo(0b1001L);
        // once the global thread has read it, the store answers
        store.put("r", 5L);
        store.put(RunStepsUpdater.layersKey("r"), 0b1L);
        assertThat(manifests.lastStep("r")).isEqualTo(5);
        assertThat(manifests.layerMask("r")).isEqualTo(0b1L);
    }

    @Test
    void aRunWithoutAManifestIsLookedUpOnceAndStaysUnknown() {
        manifests.resolve("none");
        manifests.resolve("none");
        assertThat(lookups).containsExactly("none");
        assertThat(manifests.lastStep("none")).isEqualTo(Checkpoint.UNKNOWN);
        assertThat(manifests.layerMask("none")).isZero();
    }
}
