package dev.ftprobe.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml as docker compose sees it: parsed, then every string value interpolated with the variables of an
 * env file, by compose's rules ({@code ${X}}, {@code ${X:-default}}, {@code ${X-default}}, {@code ${X:?error}},
 * {@code ${X?error}}, {@code ${X:+alt}}, {@code $X}, {@code $$}). Keys are not interpolated, as in compose.
 */
final class Compose {
    private static final Pattern VAR =
            Pattern.compile("\\$(?:\\$|\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\\}|([A-Za-z_][A-Za-z0-9_]*))");

    /** A {@code ${X:?error}} or {@code ${X?error}} whose variable is missing: compose refuses to start. */
    static final class MissingVariableException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        final String variable;

        MissingVariableException(String variable, String message) {
            super("required variable " + variable + " is missing a value: " + message);
            this.variable = variable;
        }
    }

    final JsonNode root;

    private Compose(JsonNode root) {
        this.root = root;
    }

    /** The compose file interpolated with {@code env}. */
    static Compose load(Map<String, String> env) {
        return new Compose(interpolate(RepoFiles.yaml("docker-compose.yml"), env));
    }

    /** The variables of a {@code .env} file: {@code KEY=VALUE} lines, {@code #} comments, optional quotes. */
    static Map<String, String> envFile(String relative) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : RepoFiles.text(relative).split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(relative + ": not KEY=VALUE: " + line);
            }
            String value = l.substring(eq + 1).strip();
            if (value.length() >= 2
                    && (value.startsWith("\"") && value.endsWith("\"")
                            || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            env.put(l.substring(0, eq).strip(), value);
        }
        return env;
    }

    static String interpolate(String s, Map<String, String> env) {
        Matcher m = VAR.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else if (m.group(4) != null) {
                replacement = env.getOrDefault(m.group(4), "");
            } else {
                String name = m.group(1);
                String op = m.group(2);
                String arg = m.group(3) == null ? "" : m.group(3);
                String value = env.get(name);
                boolean unset = value == null;
                boolean empty = unset || value.isEmpty();
                if (op == null) {
                    replacement = unset ? "" : value;
                } else {
                    boolean missing = op.startsWith(":") ? empty : unset;
                    switch (op.substring(op.length() - 1)) {
                        case "-":
                            replacement = missing ? interpolate(arg, env) : value;
                            break;
                        case "?":
                            if (missing) {
                                throw new MissingVariableException(name, arg);
                            }
                            replacement = value;
                            break;
                        default: // "+"
                            replacement = missing ? "" : interpolate(arg, env);
                    }
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static JsonNode interpolate(JsonNode node, Map<String, String> env) {
        if (node.isTextual()) {
            return TextNode.valueOf(interpolate(node.asText(), env));
        }
        if (node.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> a.add(interpolate(e, env)));
            return a;
        }
        if (node.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> o.set(e.getKey(), interpolate(e.getValue(), env)));
            return o;
        }
        return node;
    }

    List<String> serviceNames() {
        List<String> names = new ArrayList<>();
        root.path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    JsonNode service(String name) {
        JsonNode s = root.path("services").path(name);
        if (s.isMissingNode()) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return s;
    }

    /** A service's environment as a map, from either the map or the list ({@code KEY=VALUE}) form. */
    Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode e = service(service).path("environment");
        if (e.isObject()) {
            e.fields()
                    .forEachRemaining(f -> env.put(
                            f.getKey(),
                            f.getValue().isNull() ? null : f.getValue().asText()));
        } else if (e.isArray()) {
            for (JsonNode item : e) {
                String s = item.asText();
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
        }
        return env;
    }

    /** A string or list field ({@code command}, {@code healthcheck.test}) as a list of words. */
    static List<String> words(JsonNode node) {
        List<String> words = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(w -> words.add(w.asText()));
        } else if (node.isTextual()) {
            words.addAll(List.of(node.asText().trim().split("\\s+")));
        }
        return words;
    }

    /** The ftprobe services: those that take their metrics port from the environment. */
    List<String> ftprobeServices() {
        List<String> out = new ArrayList<>();
        for (String s : serviceNames()) {
            if (environment(s).containsKey("FTPROBE_METRICS_PORT")) {
                out.add(s);
            }
        }
        return out;
    }

    /** A volume entry, short ({@code source:target[:mode]}) or long syntax. */
    record Mount(String type, String source, String target, boolean readOnly) {}

    List<Mount> mounts(String service) {
        List<Mount> out = new ArrayList<>();
        for (JsonNode v : service(service).path("volumes")) {
            if (v.isTextual()) {
                String[] parts = v.asText().split(":");
                String source = parts[0];
                String type =
                        source.startsWith(".") || source.startsWith("/") || source.startsWith("~") ? "bind" : "volume";
                boolean ro = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
                out.add(new Mount(type, source, parts.length > 1 ? parts[1] : parts[0], ro));
            } else {
                out.add(new Mount(
                        v.path("type").asText("volume"),
                        v.path("source").asText(),
                        v.path("target").asText(),
                        v.path("read_only").asBoolean(false)));
            }
        }
        return out;
    }

    /** A published port: host address, host port, container port. */
    record Port(String hostIp, String published, String target) {}

    List<Port> ports(String service) {
        List<Port> out = new ArrayList<>();
        for (JsonNode p : service(service).path("ports")) {
            if (p.isObject()) {
                out.add(new Port(
                        p.path("host_ip").asText(""),
                        p.path("published").asText(""),
                        p.path("target").asText()));
                continue;
            }
            String s = p.asText();
            String spec = s.contains("/") ? s.substring(0, s.indexOf('/')) : s;
            // [host_ip:][published:]target; an IPv6 host address comes in brackets
            String hostIp = "";
            if (spec.startsWith("[")) {
                hostIp = spec.substring(1, spec.indexOf(']'));
                spec = spec.substring(spec.indexOf(']') + 2);
            }
            String[] parts = spec.split(":");
            if (parts.length == 3) {
                out.add(new Port(parts[0], parts[1], parts[2]));
            } else if (parts.length == 2) {
                out.add(new Port(hostIp, parts[0], parts[1]));
            } else {
                out.add(new Port(hostIp, "", parts[0]));
            }
        }
        return out;
    }

    /** The memory limit in bytes, from {@code mem_limit} or {@code deploy.resources.limits.memory}; -1 if none. */
    long memoryLimit(String service) {
        JsonNode s = service(service);
        JsonNode v = s.path("mem_limit");
        if (v.isMissingNode()) {
            v = s.path("deploy").path("resources").path("limits").path("memory");
        }
        return v.isMissingNode() ? -1 : bytes(v.asText());
    }

    /** Compose's byte values: {@code 512m}, {@code 1g}, {@code 1.5gb}, or plain bytes. */
    static long bytes(String value) {
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([bkmg]?)b?")
                .matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a byte value: " + value);
        }
        double n = Double.parseDouble(m.group(1));
        switch (m.group(2)) {
            case "k":
                return (long) (n * 1024);
            case "m":
                return (long) (n * 1024 * 1024);
            case "g":
                return (long) (n * 1024 * 1024 * 1024);
            default:
                return (long) n;
        }
    }

    /** Service name to condition, from the map form of {@code depends_on} (the list form means service_started). */
    Map<String, String> dependsOn(String service) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode d = service(service).path("depends_on");
        if (d.isArray()) {
            d.forEach(n -> out.put(n.asText(), "service_started"));
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().path("condition").asText("service_started"));
            }
        }
        return out;
    }
}
