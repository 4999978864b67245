package dev.ftprobe.events.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A structure-aware mutation of a JSON record, driven by the fuzzer's bytes: most byte-level mutations of JSON break
 * its syntax and stop at the parser, so this one keeps the syntax and changes values instead. The first byte picks a
 * seed record; then each of up to four edits picks a value in the tree (by its index in document order) and removes it,
 * or replaces it with null, a number at a limit of int, long or double, a string (empty, long, an unpaired surrogate, a
 * NUL, or text of the fuzzer's), a boolean, an empty or a long container, a copy of another value, or renames its
 * field. So every field meets every kind of wrong value, and the fuzzer finds which edits reach new code.
 */
final class JsonTreeMutation {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long[] INTEGERS = {
        0, 1, -1, 2, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 31, Long.MAX_VALUE, Long.MIN_VALUE, 65536, 1 << 20
    };
    private static final double[] DOUBLES = {0.5, -0.0, 1e308, -1e308, 4.9e-324, 1.0 / 3, 1e-9};
    /** Stands for an unpaired surrogate, which Jackson will not write: replaced by its escape in the output. */
    private static final String LONE_SURROGATE = "\uE000lone-surrogate\uE000";

    private static final String[] STRINGS = {
        "", " ", "x", LONE_SURROGATE, "NaN", "-1", "1.5", "9223372036854775808", "2024-01-31T12:00:00Z", "a,b", "\u0000"
    };

    private final byte[] program;
    private int cursor;

    private JsonTreeMutation(byte[] program) {
        this.program = program;
    }

    /** The seed that {@code program} picks, edited as it says, as JSON bytes. */
    static byte[] apply(List<byte[]> seeds, byte[] program) {
        JsonTreeMutation m = new JsonTreeMutation(program);
        JsonNode root;
        try {
            root = MAPPER.readTree(seeds.get(m.next(seeds.size())));
        } catch (IOException e) {
            throw new UncheckedIOException("a seed is not JSON", e);
        }
        int edits = 1 + m.next(4);
        for (int k = 0; k < edits; k++) {
            List<Slot> slots = new ArrayList<>();
            collect(root, slots);
            if (slots.isEmpty()) {
                break;
            }
            m.edit(slots.get(m.next(slots.size())), slots);
        }
        String json;
        try {
            json = MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        // an unpaired surrogate cannot be written as UTF-8 but can be escaped, as another producer might
        return json.replace(LONE_SURROGATE, "\\ud800").getBytes(StandardCharsets.UTF_8);
    }

    /** A place in the tree: a field of an object or an element of an array. */
    private record Slot(ContainerNode<?> parent, String field, int index) {
        JsonNode value() {
            return parent instanceof ObjectNode o ? o.get(field) : ((ArrayNode) parent).get(index);
        }

        void set(JsonNode v) {
            if (parent instanceof ObjectNode o) {
                o.set(field, v);
            } else {
                ((ArrayNode) parent).set(index, v);
            }
        }

        void remove() {
            if (parent instanceof ObjectNode o) {
                o.remove(field);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    private static void collect(JsonNode node, List<Slot> out) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(new Slot(o, e.getKey(), -1));
                collect(e.getValue(), out);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(new Slot(a, null, i));
                collect(a.get(i), out);
            }
        }
    }

    private void edit(Slot slot, List<Slot> all) {
        switch (next(10)) {
            case 0 -> slot.remove();
            case 1 -> slot.set(NODES.nullNode());
            case 2 -> slot.set(NODES.numberNode(INTEGERS[next(INTEGERS.length)]));
            case 3 ->
                slot.set(NODES.numberNode(
                        next(2) == 0 ? DOUBLES[next(DOUBLES.length)] : (double) INTEGERS[next(INTEGERS.length)]));
            case 4 -> slot.set(NODES.textNode(string()));
            case 5 -> slot.set(NODES.booleanNode(next(2) == 0));
            case 6 -> slot.set(next(2) == 0 ? NODES.objectNode() : NODES.arrayNode());
            case 7 -> slot.set(all.get(next(all.size())).value().deepCopy());
            case 8 -> slot.set(longArray(slot.value()));
            default -> rename(slot);
        }
    }

    private String string() {
        return switch (next(3)) {
            case 0 -> STRINGS[next(STRINGS.length)];
            case 1 -> "x".repeat(1 << next(17));
            default -> rest();
        };
    }

    /** An array of up to 4096 copies of the value. */
    private JsonNode longArray(JsonNode value) {
        ArrayNode a = NODES.arrayNode();
        int n = 1 << next(13);
        for (int i = 0; i < n; i++) {
            a.add(value.deepCopy());
        }
        return a;
    }

    private void rename(Slot slot) {
        if (slot.parent() instanceof ObjectNode o) {
            JsonNode v = o.remove(slot.field());
            o.set(slot.field() + (char) ('a' + next(26)), v);
        }
    }

    /** The rest of the program as text: the fuzzer's own strings. */
    private String rest() {
        int from = Math.min(cursor, program.length);
        cursor = program.length;
        return new String(program, from, program.length - from, StandardCharsets.UTF_8);
    }

    /** The next choice in [0, n), from as many of the program's next bytes as n needs (0 once they are used up). */
    private int next(int n) {
        int v = 0;
        for (int range = 1; range < n && cursor < program.length; range <<= 8) {
            v = v << 8 | Byte.toUnsignedInt(program[cursor++]);
        }
        return Math.floorMod(v, n);
    }
}
