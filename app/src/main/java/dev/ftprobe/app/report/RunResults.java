package dev.ftprobe.app.report;

import dev.ftprobe.events.Nullable;
import dev.ftprobe.events.RunManifest;
import java.util.List;

/**
 * One run in the report: its manifest from {@code ftprobe.runs} (absent when the topic no longer has it) and its
 * results per probe task, in name order.
 */
record RunResults(String runId, @Nullable RunManifest manifest, List<ProbeResults> probes) {
    RunResults {
        probes = List.copyOf(probes);
    }

    /** The task the run fine-tuned on, or "?" without a manifest. */
    String fineTuningTask() {
        return manifest == null ? "?" : manifest.fineTuningTask();
    }
}
