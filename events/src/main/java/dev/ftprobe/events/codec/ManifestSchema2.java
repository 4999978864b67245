package dev.ftprobe.events.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.TrainingSettings;

/**
 * Reads a schema-2 {@link RunManifest} as a schema-3 one: its training settings predate the recipe fields (gradient
 * clipping, dropout, word pooling, cut examples), so they get the values of the recipe those runs were trained with: no
 * clipping, no dropout, mean pooling, none counted.
 */
final class ManifestSchema2 {
    static final String TRAINING_SETTINGS = "trainingSettings";

    private ManifestSchema2() {}

    static ObjectNode upgrade(ObjectNode v2) {
        JsonNode t = v2.get(TRAINING_SETTINGS);
        if (t == null || !t.isObject()) {
            return v2; // the strict decode names the missing or malformed field
        }
        ObjectNode s = (ObjectNode) t;
        putIfAbsent(s, "maxGradNorm", TrainingSettings.LEGACY_MAX_GRAD_NORM);
        putIfAbsent(s, "hiddenDropout", TrainingSettings.LEGACY_DROPOUT);
        putIfAbsent(s, "attentionDropout", TrainingSettings.LEGACY_DROPOUT);
        if (!s.has("wordPooling")) {
            s.put("wordPooling", TrainingSettings.LEGACY_WORD_POOLING);
        }
        if (!s.has("cutExamples")) {
            s.put("cutExamples", 0);
        }
        return v2;
    }

    private static void putIfAbsent(ObjectNode s, String field, double value) {
        if (!s.has(field)) {
            s.put(field, value);
        }
    }
}
