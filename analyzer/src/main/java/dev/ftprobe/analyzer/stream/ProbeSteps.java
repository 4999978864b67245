package dev.ftprobe.analyzer.stream;

import java.util.Locale;

/**
 * The checkpoints the classifier probe runs at ({@code --probe-steps}): {@code first,last} (step 0 and the run's last
 * step, as its manifest says; the default), {@code all}, or {@code every:K} (the steps divisible by K, step 0 among
 * them, and the last); or {@code none} (no probe: the paper's grid takes minutes per BERT base set).
 *
 * @param every K of {@code every:K}; 1 for {@code all}; 0 for {@code first,last}; {@value #NONE_EVERY} for {@code none}
 */
public record ProbeSteps(int every) {
    public static final String FIRST_LAST = "first,last";
    public static final String ALL = "all";
    public static final String NONE = "none";
    public static final String DEFAULT = FIRST_LAST;
    static final int NONE_EVERY = -1;

    public ProbeSteps {
        if (every < NONE_EVERY) {
            throw new IllegalArgumentException("--probe-steps every:K needs K >= 1, got " + every);
        }
    }

    /** @throws IllegalArgumentException naming the flag when the value is none of the forms */
    public static ProbeSteps parse(String text) {
        String v = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        if (v.equals(FIRST_LAST) || v.equals("last,first")) {
            return new ProbeSteps(0);
        }
        if (v.equals(ALL)) {
            return new ProbeSteps(1);
        }
        if (v.equals(NONE)) {
            return new ProbeSteps(NONE_EVERY);
        }
        if (v.startsWith("every:")) {
            try {
                int k = Integer.parseInt(v.substring("every:".length()));
                if (k >= 1) {
                    return new ProbeSteps(k);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(
                "--probe-steps must be first,last, all, every:K (K >= 1) or none, got '" + text + "'");
    }

    /**
     * Whether the probe runs at {@code step}.
     *
     * @param lastStep the run's last step, or {@link Checkpoint#UNKNOWN} when the analyzer has no manifest of the run
     *     (then only step 0 and, under every:K, the steps divisible by K are chosen)
     */
    public boolean chosen(long step, long lastStep) {
        if (every == NONE_EVERY) {
            return false;
        }
        if (step == AnalyzerSettings.BASELINE_STEP || (lastStep != Checkpoint.UNKNOWN && step == lastStep)) {
            return true;
        }
        return every > 0 && step % every == 0;
    }

    /** As the option writes it. */
    public String text() {
        return switch (every) {
            case NONE_EVERY -> NONE;
            case 0 -> FIRST_LAST;
            case 1 -> ALL;
            default -> "every:" + every;
        };
    }
}
