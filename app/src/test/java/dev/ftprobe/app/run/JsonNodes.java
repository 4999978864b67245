package dev.ftprobe.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reading a summary's JSON in tests: an object's field names and its values, in their order. */
final class JsonNodes {
    private JsonNodes() {}

    static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static Iterable<JsonNode> values(JsonNode object) {
        List<JsonNode> out = new ArrayList<>();
        object.elements().forEachRemaining(out::add);
        return out;
    }
}
