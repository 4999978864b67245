package dev.ftprobe.events.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftprobe.events.InvalidEventException;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.SettingsEncoding;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a schema-1 {@link RunManifest} as a schema-2 one: its {@code hyperparameters}, a map of text in the
 * {@link SettingsEncoding canonical encoding}, become the typed {@code trainingSettings} and {@code taskSettings}.
 * Every other field is the same in both versions.
 */
final class ManifestSchema1 {
    static final String HYPERPARAMETERS = "hyperparameters";

    private ManifestSchema1() {}

    static ObjectNode upgrade(ObjectNode v1) {
        JsonNode hp = v1.remove(HYPERPARAMETERS);
        if (hp == null || hp.isNull()) {
            throw new CodecException(HYPERPARAMETERS, "is missing");
        }
        if (!hp.isObject()) {
            throw new CodecException(HYPERPARAMETERS, "is not an object: " + hp.getNodeType());
        }
        Map<String, String> text = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = hp.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new CodecException(HYPERPARAMETERS + "." + e.getKey(), "is not text: " + e.getValue());
            }
            text.put(e.getKey(), e.getValue().textValue());
        }
        SettingsEncoding.Decoded settings;
        try {
            settings = SettingsEncoding.decode(text);
        } catch (InvalidEventException e) {
            String message = e.getMessage().substring(e.field().length() + 2);
            throw new CodecException(HYPERPARAMETERS + "." + e.field(), message, e);
        }
        v1.set("trainingSettings", JsonCodec.mapper().valueToTree(settings.training()));
        v1.set("taskSettings", JsonCodec.mapper().valueToTree(settings.task()));
        return v1;
    }
}
