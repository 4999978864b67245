package dev.ftprobe.trainer;

import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.SettingsEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What makes two manifests different runs (not the code version or the creation time), one readable line per field:
 * {@code learning_rate was 3.0E-4, now 0.001}. Settings are compared by their canonical text, so that a manifest read
 * from schema 1 compares equal to the same run today.
 */
final class ManifestDifferences {
    private ManifestDifferences() {}

    static List<String> of(RunManifest existing, RunManifest now) {
        List<String> d = new ArrayList<>();
        diff(d, "model", existing.modelSpec(), now.modelSpec());
        diff(d, "task", existing.fineTuningTask(), now.fineTuningTask());
        diff(d, "probeTasks", existing.probeTasks(), now.probeTasks());
        diff(d, "seed", existing.seed(), now.seed());
        diff(d, "datasetFingerprint", existing.datasetFingerprint(), now.datasetFingerprint());
        diff(d, "layers", existing.layers(), now.layers());
        diff(d, "splitSizes", existing.splitSizes(), now.splitSizes());
        Map<String, String> a = SettingsEncoding.encodeComplete(existing.trainingSettings(), existing.taskSettings());
        Map<String, String> b = SettingsEncoding.encodeComplete(now.trainingSettings(), now.taskSettings());
        Set<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            diff(d, k, a.get(k), b.get(k));
        }
        return d;
    }

    private static void diff(List<String> out, String field, Object existing, Object now) {
        if (!Objects.equals(existing, now)) {
            out.add(field + " was " + existing + ", now " + now);
        }
    }
}
