package dev.ftprobe.app.faults;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stage of {@code ftprobe run}, told by the progress line that opens it, and how long after that line a fault may
 * come and still hit the stage (a seeded moment in {@code [0, window)} ms). The stages overlap in a run (training goes
 * on while earlier checkpoints are extracted and analysed); each is named by what the line says has just begun.
 */
enum Stage {
    /** The trainer's progress log: training is under way. */
    TRAINING(Pattern.compile(" step (\\d+)/\\d+ loss "), 300),
    /**
     * A checkpoint's evaluation has ended: its file is about to be written, then its event published. The window is
     * short because random:tiny writes a checkpoint in milliseconds.
     */
    CHECKPOINT_WRITING(Pattern.compile(" step (\\d+): test loss "), 30),
    /** A checkpoint was published: the extractor starts on it. */
    EXTRACTION(Pattern.compile("^trainer +step (\\d+) checkpoint published"), 300),
    /** A checkpoint's embeddings were committed: the analyzer starts on its sets. */
    ANALYSIS(Pattern.compile("^extractor step (\\d+): extracted"), 600);

    private final Pattern line;
    private final int windowMillis;

    Stage(Pattern line, int windowMillis) {
        this.line = line;
        this.windowMillis = windowMillis;
    }

    /** The progress line that opens the stage for a step after 0 (step 0 happens before training starts). */
    Predicate<String> opening() {
        return s -> {
            Matcher m = line.matcher(s);
            return m.find() && Long.parseLong(m.group(1)) > 0;
        };
    }

    int windowMillis() {
        return windowMillis;
    }
}
