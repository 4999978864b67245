package dev.ftprobe.runtime;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's configuration, each key looked up in order in
 *
 * <ol>
 *   <li>the command-line flags (those given);
 *   <li>the environment: key {@code metrics.port} is {@code FTPROBE_METRICS_PORT} (upper case, every character other
 *       than a letter or digit an underscore);
 *   <li>a properties file, named by the flag {@code config} or else {@code FTPROBE_CONFIG};
 *   <li>the defaults.
 * </ol>
 *
 * Typed getters name the key, its source and the value when it does not parse.
 */
public final class Config {
    /** The key (flag) that names the properties file; its variable is {@code FTPROBE_CONFIG}. */
    public static final String CONFIG_FILE_KEY = "config";

    public static final String ENV_PREFIX = "FTPROBE_";

    /** Where a value came from. */
    public enum Source {
        FLAG,
        ENV,
        FILE,
        DEFAULT
    }

    private final Map<String, String> flags;
    private final Map<String, String> env;
    private final Map<String, String> file;
    private final Map<String, String> defaults;
    private final Path filePath;

    private Config(Map<String, String> flags, Map<String, String> env, Path filePath, Map<String, String> defaults) {
        this.flags = Map.copyOf(flags);
        this.env = Map.copyOf(env);
        this.defaults = Map.copyOf(defaults);
        this.filePath = filePath;
        this.file = filePath == null ? Map.of() : readProperties(filePath);
    }

    /** Flags and defaults with this process's environment. */
    public static Config load(Map<String, String> flags, Map<String, String> defaults) {
        return load(flags, System.getenv(), defaults);
    }

    /**
     * Flags, the given environment and defaults; the properties file is the flag {@code config} or the variable
     * {@code FTPROBE_CONFIG} when either is set. Null flag values count as not given.
     */
    public static Config load(Map<String, String> flags, Map<String, String> env, Map<String, String> defaults) {
        Map<String, String> givenFlags = new LinkedHashMap<>();
        flags.forEach((k, v) -> {
            if (v != null) {
                givenFlags.put(k, v);
            }
        });
        Map<String, String> ftprobeEnv = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX) && v != null) {
                ftprobeEnv.put(k, v);
            }
        });
        String file = givenFlags.get(CONFIG_FILE_KEY);
        if (file == null) {
            file = ftprobeEnv.get(envName(CONFIG_FILE_KEY));
        }
        return new Config(givenFlags, ftprobeEnv, file == null || file.isBlank() ? null : Path.of(file), defaults);
    }

    /** The environment variable of a key: {@code metrics.port} is {@code FTPROBE_METRICS_PORT}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public Optional<String> get(String key) {
        return lookup(key).map(Map.Entry::getValue);
    }

    /** Where the value of {@code key} comes from, if it has one. */
    public Optional<Source> source(String key) {
        return lookup(key).map(Map.Entry::getKey);
    }

    private Optional<Map.Entry<Source, String>> lookup(String key) {
        if (flags.containsKey(key)) {
            return Optional.of(Map.entry(Source.FLAG, flags.get(key)));
        }
        String e = env.get(envName(key));
        if (e != null) {
            return Optional.of(Map.entry(Source.ENV, e));
        }
        if (file.containsKey(key)) {
            return Optional.of(Map.entry(Source.FILE, file.get(key)));
        }
        if (defaults.containsKey(key)) {
            return Optional.of(Map.entry(Source.DEFAULT, defaults.get(key)));
        }
        return Optional.empty();
    }

    /** The value of a required key. */
    public String getString(String key) {
        return get(key).orElseThrow(() -> new ConfigException(
                key,
                "is required: give --" + key + ", set " + envName(key)
                        + (filePath == null ? "" : ", or set it in " + filePath)));
    }

    public String getString(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public int getInt(String key) {
        return parse(key, "an integer", Integer::parseInt);
    }

    public long getLong(String key) {
        return parse(key, "an integer", Long::parseLong);
    }

    public double getDouble(String key) {
        return parse(key, "a number", Double::parseDouble);
    }

    public boolean getBoolean(String key) {
        return parse(key, "true or false", v -> {
            switch (v.toLowerCase(Locale.ROOT)) {
                case "true":
                case "yes":
                case "1":
                    return true;
                case "false":
                case "no":
                case "0":
                    return false;
                default:
                    throw new IllegalArgumentException(v);
            }
        });
    }

    /** A path; a leading {@code ~/} is the user's home. */
    public Path getPath(String key) {
        return parse(
                key,
                "a path",
                v -> v.startsWith("~/") ? Path.of(System.getProperty("user.home"), v.substring(2)) : Path.of(v));
    }

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    /** A duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT30S}). */
    public Duration getDuration(String key) {
        return parse(key, "a duration such as 500ms, 30s, 5m or PT30S", v -> {
            Matcher m = SIMPLE_DURATION.matcher(v.trim());
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "ms":
                        return Duration.ofMillis(n);
                    case "s":
                        return Duration.ofSeconds(n);
                    case "m":
                        return Duration.ofMinutes(n);
                    case "h":
                        return Duration.ofHours(n);
                    default:
                        return Duration.ofDays(n);
                }
            }
            try {
                return Duration.parse(v.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(v, e);
            }
        });
    }

    /** A layer list, parsed by {@link LayerList#parse}: {@code all} or e.g. {@code 0,6,12}. */
    public LayerList getLayers(String key) {
        String value = getString(key);
        try {
            return LayerList.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    key, "must be a layer list: " + e.getMessage() + " (from " + sourceName(key) + ")");
        }
    }

    private interface Parser<T> {
        T parse(String value);
    }

    private <T> T parse(String key, String expected, Parser<T> parser) {
        String value = getString(key);
        try {
            return parser.parse(value.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(
                    key, "must be " + expected + ", was \"" + value + "\" (from " + sourceName(key) + ")");
        }
    }

    private String sourceName(String key) {
        return source(key).map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("?");
    }

    /** The properties file read, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(filePath);
    }

    /** Every key with a value and where it comes from, for logging at start (values not shown). */
    public Map<String, Source> describe() {
        TreeSet<String> keys = new TreeSet<>();
        keys.addAll(flags.keySet());
        keys.addAll(file.keySet());
        keys.addAll(defaults.keySet());
        Map<String, Source> out = new LinkedHashMap<>();
        for (String k : keys) {
            source(k).ifPresent(s -> out.put(k, s));
        }
        return out;
    }

    private static Map<String, String> readProperties(Path path) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + path + ": " + e.getMessage(), e);
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            m.put(k, p.getProperty(k).trim());
        }
        return m;
    }

    /** A configuration value that is missing or does not parse. */
    public static final class ConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String key;

        public ConfigException(String key, String message) {
            super("configuration " + key + " " + message);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
