package dev.ftprobe.trainer;

import dev.ftprobe.model.Target;
import dev.ftprobe.model.train.TaskHead;
import dev.ftprobe.tasks.Example;
import dev.ftprobe.tasks.TargetKind;
import dev.ftprobe.tasks.data.DataFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Glue between the tasks module's examples and the model module's targets, shared with the extractor. */
public final class Targets {
    private Targets() {}

    /** The model's target for an example: a word, a (dependent, head) pair, or the sentence. */
    public static Target of(Example e) {
        dev.ftprobe.tasks.Target t = e.target();
        return switch (t.kind()) {
            case WORD -> new Target.Word(t.word());
            case WORD_PAIR -> new Target.Pair(t.word(), t.head());
            case SENTENCE -> new Target.Sentence();
        };
    }

    public static TaskHead.Kind headKind(TargetKind kind) {
        return switch (kind) {
            case WORD -> TaskHead.Kind.WORD;
            case WORD_PAIR -> TaskHead.Kind.WORD_PAIR;
            case SENTENCE -> TaskHead.Kind.SENTENCE;
        };
    }

    /** Whether every word the target needs survived truncation to {@code words} words. */
    public static boolean fits(Example e, int words) {
        dev.ftprobe.tasks.Target t = e.target();
        return t.word() < words && t.head() < words;
    }

    /** A sentence and its examples, in corpus order. */
    public record SentenceExamples(String sentenceId, List<String> words, List<Example> examples) {}

    /** Groups a split's examples by sentence; the examples of a sentence are consecutive. */
    public static List<SentenceExamples> bySentence(List<Example> examples) {
        List<SentenceExamples> out = new ArrayList<>();
        List<Example> current = new ArrayList<>();
        for (Example e : examples) {
            if (!current.isEmpty() && !current.get(0).sentenceId().equals(e.sentenceId())) {
                out.add(new SentenceExamples(current.get(0).sentenceId(), current.get(0).words(), List.copyOf(current)));
                current.clear();
            }
            current.add(e);
        }
        if (!current.isEmpty()) {
            out.add(new SentenceExamples(current.get(0).sentenceId(), current.get(0).words(), List.copyOf(current)));
        }
        return out;
    }

    /**
     * The dataset fingerprint: sha256 over, for each file in order, its relative path, a NUL, its
     * sha256 (hex) and a newline. Names and contents both count, order is the task's file order.
     */
    public static String fingerprint(List<DataFile> files, List<Path> paths) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < files.size(); i++) {
            sb.append(files.get(i).relativePath()).append('\0').append(CheckpointStore.sha256(paths.get(i))).append('\n');
        }
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
