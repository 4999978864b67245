package dev.ftprobe.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Checks shared by the events' constructors; each failure names its field. */
public final class Fields {
    /** Identifiers (run ids, task names, split names): safe in keys, file names and metric labels. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Fields() {}

    public static void check(boolean ok, String field, String message) {
        if (!ok) {
            throw new InvalidEventException(field, message);
        }
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new InvalidEventException(field, "is required");
        }
        return value;
    }

    public static String id(String value, String field) {
        required(value, field);
        check(ID.matcher(value).matches(), field, "must match " + ID.pattern() + ", was \"" + abbreviate(value) + "\"");
        return value;
    }

    public static String text(String value, String field) {
        required(value, field);
        check(!value.isBlank(), field, "must not be blank");
        return value;
    }

    public static String sha256(String value, String field) {
        required(value, field);
        check(SHA256.matcher(value).matches(), field, "must be 64 lower-case hex digits");
        return value;
    }

    public static long nonNegative(long value, String field) {
        check(value >= 0, field, "must be >= 0, was " + value);
        return value;
    }

    public static double finite(double value, String field) {
        check(Double.isFinite(value), field, "must be finite, was " + value);
        return value;
    }

    /** An unmodifiable copy with no null elements. */
    public static <T> List<T> list(List<T> value, String field) {
        required(value, field);
        List<T> copy = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            copy.add(required(value.get(i), field + "[" + i + "]"));
        }
        return Collections.unmodifiableList(copy);
    }

    /** An unmodifiable copy ordered by key (so that encodings are deterministic), no null keys or values. */
    public static <V> Map<String, V> sortedMap(Map<String, V> value, String field) {
        required(value, field);
        TreeMap<String, V> copy = new TreeMap<>();
        for (Map.Entry<String, V> e : value.entrySet()) {
            String k = required(e.getKey(), field + " key");
            copy.put(k, required(e.getValue(), field + "[" + k + "]"));
        }
        return Collections.unmodifiableMap(copy);
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
