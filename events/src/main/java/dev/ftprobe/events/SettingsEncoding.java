package dev.ftprobe.events;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The canonical text of a run's settings, from which its default run id is derived and by which two configurations are
 * compared. It is also the {@code hyperparameters} map of schema-1 manifests, so that {@link #decode} reads those back
 * and a run retained from before schema 2 keeps its run id.
 *
 * <p>The text is these keys, in this order, each with its value as Java writes it
 * ({@code Integer/Long/Double.toString}, strings as they are): {@code epochs}, {@code max_steps} ({@code none} for 0),
 * {@code learning_rate}, {@code batch_size}, {@code warmup} (the share), {@code warmup_steps}, {@code total_steps},
 * {@code steps_per_epoch}, {@code max_seq_len}, {@code checkpoint_every}, {@code optimizer}, {@code schedule},
 * {@code pud_train_fraction}, {@code pud_seed}, {@code ps_lexcats} (sorted, joined by commas), {@code vocab}; then,
 * each only when it differs from the recipe before it existed (so that those runs keep their text and run id):
 * {@code max_grad_norm} (legacy 0.0), {@code hidden_dropout} (0.0), {@code attention_dropout} (0.0),
 * {@code word_pooling} ({@code mean}) and {@code cut_examples} (0).
 *
 * <p>The default run id is {@code <task>-} followed by the first 12 hex digits of the sha256 of the UTF-8 bytes of
 * {@code <model>|<task>|<seed>|<dataset fingerprint>|{k1=v1, k2=v2, ...}}, the braces holding the keys above in their
 * order and, last, {@code probe_tasks} (the probe tasks' names, sorted, joined by commas) only when the probe tasks are
 * not the fine-tuning task alone: a run probed on its own task keeps the id it had before cross-task runs existed, and
 * a cross-task run gets an id of its own. Renaming a key or changing a value's format changes every run id:
 * {@code SettingsEncodingTest} pins one.
 */
public final class SettingsEncoding {
    private static final List<Key> KEYS = List.of(
            training("epochs", t -> Integer.toString(t.epochs())),
            training("max_steps", t -> t.maxSteps() > 0 ? Long.toString(t.maxSteps()) : "none"),
            training("learning_rate", t -> Double.toString(t.learningRate())),
            training("batch_size", t -> Integer.toString(t.batchSize())),
            training("warmup", t -> Double.toString(t.warmupShare())),
            training("warmup_steps", t -> Integer.toString(t.warmupSteps())),
            training("total_steps", t -> Integer.toString(t.totalSteps())),
            training("steps_per_epoch", t -> Integer.toString(t.stepsPerEpoch())),
            training("max_seq_len", t -> Integer.toString(t.maxSeqLen())),
            training("checkpoint_every", t -> Integer.toString(t.checkpointEvery())),
            training("optimizer", TrainingSettings::optimizer),
            training("schedule", TrainingSettings::schedule),
            task("pud_train_fraction", s -> Double.toString(s.pudTrainFraction())),
            task("pud_seed", s -> Long.toString(s.pudSeed())),
            task("ps_lexcats", s -> String.join(",", s.psLexcats())),
            training("vocab", TrainingSettings::vocabulary));

    /** Keys added with issue 16, by their legacy value: written only when the value differs, absent reads as legacy. */
    private static final List<Key> RECIPE_KEYS = List.of(
            training("max_grad_norm", t -> Double.toString(t.maxGradNorm())),
            training("hidden_dropout", t -> Double.toString(t.hiddenDropout())),
            training("attention_dropout", t -> Double.toString(t.attentionDropout())),
            training("word_pooling", TrainingSettings::wordPooling),
            training("cut_examples", t -> Integer.toString(t.cutExamples())));

    private static final Map<String, String> LEGACY = Map.of(
            "max_grad_norm", Double.toString(TrainingSettings.LEGACY_MAX_GRAD_NORM),
            "hidden_dropout", Double.toString(TrainingSettings.LEGACY_DROPOUT),
            "attention_dropout", Double.toString(TrainingSettings.LEGACY_DROPOUT),
            "word_pooling", TrainingSettings.LEGACY_WORD_POOLING,
            "cut_examples", "0");

    /** The run id's key of the probe tasks, present only for a run not probed on its own task alone. */
    public static final String PROBE_TASKS = "probe_tasks";

    private SettingsEncoding() {}

    /** One key of the text and how its value is written. */
    private record Key(
            String name, Function<TrainingSettings, String> ofTraining, Function<TaskSettings, String> ofTask) {
        String value(TrainingSettings training, TaskSettings task) {
            return ofTraining != null ? ofTraining.apply(training) : ofTask.apply(task);
        }
    }

    private static Key training(String name, Function<TrainingSettings, String> value) {
        return new Key(name, value, null);
    }

    private static Key task(String name, Function<TaskSettings, String> value) {
        return new Key(name, null, value);
    }

    /** The settings' canonical text, by key in the documented order. */
    public static Map<String, String> encode(TrainingSettings training, TaskSettings task) {
        Map<String, String> text = new LinkedHashMap<>();
        for (Key k : KEYS) {
            text.put(k.name(), k.value(training, task));
        }
        for (Key k : RECIPE_KEYS) {
            String v = k.value(training, task);
            if (!v.equals(LEGACY.get(k.name()))) {
                text.put(k.name(), v);
            }
        }
        return text;
    }

    /** Every key, the recipe's included even at their legacy values: for readable comparisons, not for run ids. */
    public static Map<String, String> encodeComplete(TrainingSettings training, TaskSettings task) {
        Map<String, String> text = encode(training, task);
        for (Key k : RECIPE_KEYS) {
            text.putIfAbsent(k.name(), k.value(training, task));
        }
        return text;
    }

    /** The documented default run id of a run with these settings, probed on its own task. */
    public static String runId(
            String modelSpec,
            String task,
            long seed,
            String datasetFingerprint,
            TrainingSettings training,
            TaskSettings taskSettings) {
        return runId(modelSpec, task, seed, datasetFingerprint, training, taskSettings, List.of(task));
    }

    /** The documented default run id of a run with these settings, fine-tuned on {@code task}, probed on others. */
    public static String runId(
            String modelSpec,
            String task,
            long seed,
            String datasetFingerprint,
            TrainingSettings training,
            TaskSettings taskSettings,
            List<String> probeTasks) {
        Map<String, String> text = encode(training, taskSettings);
        SortedSet<String> probes = new TreeSet<>(probeTasks);
        if (!probes.equals(new TreeSet<>(List.of(task)))) {
            text.put(PROBE_TASKS, String.join(",", probes));
        }
        String settings = text.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
        String canon = modelSpec + "|" + task + "|" + seed + "|" + datasetFingerprint + "|" + settings;
        return task + "-"
                + DigestUtils.sha256Hex(canon.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }

    /** Settings read back from their canonical text (a schema-1 manifest's {@code hyperparameters}). */
    public record Decoded(TrainingSettings training, TaskSettings task) {}

    /**
     * Reads the canonical text back; every key is required and no other is allowed. A failure names the key as its
     * field.
     */
    public static Decoded decode(Map<String, String> text) {
        Map<String, String> left = new HashMap<>(text);
        for (Key k : KEYS) {
            Fields.required(left.remove(k.name()), k.name());
        }
        Map<String, String> full = new HashMap<>(text);
        for (Key k : RECIPE_KEYS) {
            left.remove(k.name());
            full.putIfAbsent(k.name(), LEGACY.get(k.name()));
        }
        text = full;
        for (String unknown : left.keySet()) {
            throw new InvalidEventException(unknown, "is not a run setting");
        }
        String maxSteps = text.get("max_steps");
        TrainingSettings training = new TrainingSettings(
                parseInt(text, "epochs"),
                maxSteps.equals("none") ? 0 : parseLong(text, "max_steps"),
                parseDouble(text, "learning_rate"),
                parseInt(text, "batch_size"),
                parseDouble(text, "warmup"),
                parseInt(text, "warmup_steps"),
                parseInt(text, "total_steps"),
                parseInt(text, "steps_per_epoch"),
                parseInt(text, "max_seq_len"),
                parseInt(text, "checkpoint_every"),
                text.get("optimizer"),
                text.get("schedule"),
                text.get("vocab"),
                parseDouble(text, "max_grad_norm"),
                parseDouble(text, "hidden_dropout"),
                parseDouble(text, "attention_dropout"),
                text.get("word_pooling"),
                parseInt(text, "cut_examples"));
        TaskSettings task = new TaskSettings(
                parseDouble(text, "pud_train_fraction"),
                parseLong(text, "pud_seed"),
                List.of(text.get("ps_lexcats").split(",", -1)));
        return new Decoded(training, task);
    }

    private static int parseInt(Map<String, String> text, String key) {
        try {
            return Integer.parseInt(text.get(key));
        } catch (NumberFormatException e) {
            throw new InvalidEventException(key, "is not an integer: \"" + text.get(key) + "\"");
        }
    }

    private static long parseLong(Map<String, String> text, String key) {
        try {
            return Long.parseLong(text.get(key));
        } catch (NumberFormatException e) {
            throw new InvalidEventException(key, "is not an integer: \"" + text.get(key) + "\"");
        }
    }

    private static double parseDouble(Map<String, String> text, String key) {
        try {
            return Double.parseDouble(text.get(key));
        } catch (NumberFormatException e) {
            throw new InvalidEventException(key, "is not a number: \"" + text.get(key) + "\"");
        }
    }
}
