package dev.ftprobe.extractor;

import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.topics.RunLog;
import dev.ftprobe.events.topics.Topics;
import java.util.HashMap;
import java.util.Map;

/** The runs' manifests, read from the runs topic when a run is not known yet. */
final class ManifestCache {
    private final String bootstrap;
    private final Map<String, RunManifest> manifests = new HashMap<>();

    ManifestCache(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** The run's manifest; rejects the event when the runs topic has none. */
    RunManifest of(String runId) {
        RunManifest m = manifests.get(runId);
        if (m == null) {
            manifests.putAll(RunLog.manifests(bootstrap));
            m = manifests.get(runId);
        }
        if (m == null) {
            throw new RejectedEvent("no manifest for run " + runId + " on " + Topics.RUNS.name());
        }
        return m;
    }
}
