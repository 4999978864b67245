package dev.ftprobe.events.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.ftprobe.events.InvalidEventException;
import dev.ftprobe.events.Nullable;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A strict, versioned JSON codec for an event record. The encoding is the record's components as a JSON object preceded
 * by {@code "schemaVersion"}; decoding rejects, naming the field, a missing or different schema version, a missing
 * required component (all but those marked {@link Nullable}), an unknown field, a value of the wrong type (no coercion
 * of strings to numbers or the reverse), an event that breaks its contract, malformed JSON and input above the size
 * limit. Instants are ISO-8601 text; maps are written ordered by key, so equal events encode to equal bytes.
 */
public final class JsonCodec<T extends Record> {
    public static final String SCHEMA_VERSION_FIELD = "schemaVersion";

    private static final ObjectMapper MAPPER = newMapper();

    private final Class<T> type;
    private final int schemaVersion;
    private final int oldestReadable;
    private final int maxBytes;
    /** By version v: rewrites a version-v object (schema version field removed) into a version v+1 one. */
    private final Map<Integer, UnaryOperator<ObjectNode>> upgrades;

    private final Set<String> components = new LinkedHashSet<>();
    private final Set<String> required = new LinkedHashSet<>();

    public JsonCodec(Class<T> type, int schemaVersion, int maxBytes) {
        this(type, schemaVersion, schemaVersion, maxBytes, Map.of());
    }

    private JsonCodec(
            Class<T> type,
            int schemaVersion,
            int oldestReadable,
            int maxBytes,
            Map<Integer, UnaryOperator<ObjectNode>> upgrades) {
        if (oldestReadable < 1 || oldestReadable > schemaVersion) {
            throw new IllegalArgumentException(
                    "oldest readable version " + oldestReadable + " not in [1, " + schemaVersion + "]");
        }
        this.type = type;
        this.schemaVersion = schemaVersion;
        this.oldestReadable = oldestReadable;
        this.maxBytes = maxBytes;
        this.upgrades = Map.copyOf(upgrades);
        for (var c : type.getRecordComponents()) {
            components.add(c.getName());
            if (!c.isAnnotationPresent(Nullable.class)) {
                required.add(c.getName());
            }
        }
    }

    /**
     * This codec, also decoding versions {@code oldest} to the current one, so that records retained from before an
     * upgrade stay readable. Valid only when every version since {@code oldest} did no more than add {@link Nullable}
     * components (absent in old records, they decode as null); encoding always writes the current version.
     */
    public JsonCodec<T> readingFrom(int oldest) {
        return new JsonCodec<>(type, schemaVersion, oldest, maxBytes, upgrades);
    }

    /**
     * This codec, also decoding {@code version} (and, through the upgrades already given, the versions after it) by
     * first rewriting a version's object into the next version's with {@code upgrade}: for changes beyond added
     * {@link Nullable} components, such as a component replaced by typed ones. The upgrade gets the object without its
     * schema version field, may modify it in place, and reports a bad value with a {@link CodecException} naming the
     * field; the result is then decoded strictly.
     */
    public JsonCodec<T> upgrading(int version, UnaryOperator<ObjectNode> upgrade) {
        if (version < 1 || version >= schemaVersion) {
            throw new IllegalArgumentException("upgraded version " + version + " not in [1, " + schemaVersion + ")");
        }
        Map<Integer, UnaryOperator<ObjectNode>> all = new TreeMap<>(upgrades);
        all.put(version, upgrade);
        return new JsonCodec<>(type, schemaVersion, Math.min(version, oldestReadable), maxBytes, all);
    }

    /** The mapper the codecs use, configured strictly; for other modules' JSON events and tests. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public Class<T> type() {
        return type;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public byte[] encode(T value) {
        if (value == null) {
            throw new CodecException("message", "is null");
        }
        ObjectNode root = MAPPER.createObjectNode();
        root.put(SCHEMA_VERSION_FIELD, schemaVersion);
        root.setAll((ObjectNode) MAPPER.valueToTree(value));
        byte[] out;
        try {
            out = MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new CodecException(
                    "message", "cannot encode " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
        if (out.length > maxBytes) {
            throw new CodecException(
                    "message",
                    type.getSimpleName() + " encodes to " + out.length + " bytes, over the limit of " + maxBytes);
        }
        return out;
    }

    public T decode(byte[] data) {
        if (data == null || data.length == 0) {
            throw new CodecException("message", "is empty");
        }
        if (data.length > maxBytes) {
            throw new CodecException("message", data.length + " bytes exceeds the limit of " + maxBytes);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(data);
        } catch (IOException e) {
            throw new CodecException(fieldOf(e, "message"), "malformed JSON: " + originalMessage(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new CodecException("message", "is not a JSON object");
        }
        JsonNode version = root.get(SCHEMA_VERSION_FIELD);
        if (version == null || version.isNull()) {
            throw new CodecException(SCHEMA_VERSION_FIELD, "is missing");
        }
        if (!version.isIntegralNumber() || !version.canConvertToInt()) {
            throw new CodecException(SCHEMA_VERSION_FIELD, "is not an integer: " + version);
        }
        if (version.intValue() < oldestReadable || version.intValue() > schemaVersion) {
            throw new CodecException(
                    SCHEMA_VERSION_FIELD,
                    "unsupported " + type.getSimpleName() + " schema version "
                            + version.intValue() + " (this build reads "
                            + (oldestReadable == schemaVersion
                                    ? Integer.toString(schemaVersion)
                                    : oldestReadable + " to " + schemaVersion)
                            + ")");
        }
        // the tree was parsed for this call alone: edited in place, not copied (a copy doubled what decoding allocates)
        ObjectNode fields = (ObjectNode) root;
        fields.remove(SCHEMA_VERSION_FIELD);
        for (int v = version.intValue(); v < schemaVersion; v++) {
            UnaryOperator<ObjectNode> upgrade = upgrades.get(v);
            if (upgrade != null) {
                fields = upgrade.apply(fields);
            }
        }
        for (Iterator<String> it = fields.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!components.contains(name)) {
                throw new CodecException(
                        name, "unknown field for " + type.getSimpleName() + " schema version " + schemaVersion);
            }
        }
        for (String name : required) {
            JsonNode v = fields.get(name);
            if (v == null || v.isNull()) {
                throw new CodecException(name, "is missing");
            }
        }
        try {
            return MAPPER.treeToValue(fields, type);
        } catch (ValueInstantiationException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof InvalidEventException iee) {
                    throw new CodecException(
                            iee.field(), iee.getMessage().substring(iee.field().length() + 2), e);
                }
            }
            throw new CodecException(fieldOf(e, "message"), originalMessage(e), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new CodecException(fieldOf(e, "message"), originalMessage(e), e);
        }
    }

    private static String fieldOf(Throwable e, String fallback) {
        if (e instanceof DatabindException de
                && de instanceof JsonMappingException jme
                && !jme.getPath().isEmpty()) {
            return jme.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
        }
        return fallback;
    }

    private static String originalMessage(Throwable e) {
        if (e instanceof JsonProcessingException jpe) {
            return jpe.getOriginalMessage();
        }
        return String.valueOf(e.getMessage());
    }

    private static ObjectMapper newMapper() {
        SimpleModule instants = new SimpleModule("ftprobe-instants");
        instants.addSerializer(Instant.class, new JsonSerializer<Instant>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }
        });
        instants.addDeserializer(Instant.class, new JsonDeserializer<Instant>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
                }
                String text = p.getText();
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException e) {
                    return (Instant) ctxt.handleWeirdStringValue(
                            Instant.class, text, "not an ISO-8601 instant such as 2024-01-31T12:00:00Z");
                }
            }
        });
        JsonMapper mapper = JsonMapper.builder()
                .addModule(instants)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
        // no coercion between scalars: "12" is not a number, 12 is not a string, 1 is not a boolean
        for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(t)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }
}
