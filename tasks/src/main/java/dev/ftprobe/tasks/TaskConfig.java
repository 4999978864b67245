package dev.ftprobe.tasks;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to load: the task and its options. Built with {@link #builder()}; {@code setTask} is required, every
 * {@code opt*} has the documented default.
 */
public final class TaskConfig {
    /** The lexcats of the paper's PS units. */
    public static final Set<String> DEFAULT_PS_LEXCATS = Set.of("P", "PRON.POSS", "POSS", "INF.P");
    /** PUD has no official split: this share of its sentences goes to train, the rest to test. */
    public static final double DEFAULT_PUD_TRAIN_FRACTION = 0.8;

    public static final long DEFAULT_PUD_SEED = 42L;
    public static final long DEFAULT_HELD_OUT_SEED = 42L;

    private final TaskName task;
    private final Set<String> psLexcats;
    private final double pudTrainFraction;
    private final long pudSeed;
    private final double heldOutFraction;
    private final long heldOutSeed;

    private TaskConfig(Builder b) {
        this.task = Objects.requireNonNull(b.task, "task is required: call setTask");
        this.psLexcats = Set.copyOf(b.psLexcats);
        this.pudTrainFraction = b.pudTrainFraction;
        this.pudSeed = b.pudSeed;
        this.heldOutFraction = b.heldOutFraction;
        this.heldOutSeed = b.heldOutSeed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The default configuration of a task. */
    public static TaskConfig of(TaskName task) {
        return builder().setTask(task).build();
    }

    public TaskName task() {
        return task;
    }

    /** The STREUSLE lexcats whose single-word {@code p.} units are PS examples. */
    public Set<String> psLexcats() {
        return psLexcats;
    }

    public double pudTrainFraction() {
        return pudTrainFraction;
    }

    public long pudSeed() {
        return pudSeed;
    }

    /** The share of train sentences carved off as {@code heldout}; 0 carves nothing. */
    public double heldOutFraction() {
        return heldOutFraction;
    }

    public long heldOutSeed() {
        return heldOutSeed;
    }

    @Override
    public String toString() {
        return "TaskConfig{task=" + task + ", psLexcats=" + new TreeSet<>(psLexcats) + ", pudTrainFraction="
                + pudTrainFraction + ", pudSeed=" + pudSeed + ", heldOutFraction=" + heldOutFraction + ", heldOutSeed="
                + heldOutSeed + "}";
    }

    public static final class Builder {
        private TaskName task;
        private Set<String> psLexcats = DEFAULT_PS_LEXCATS;
        private double pudTrainFraction = DEFAULT_PUD_TRAIN_FRACTION;
        private long pudSeed = DEFAULT_PUD_SEED;
        private double heldOutFraction = 0.0;
        private long heldOutSeed = DEFAULT_HELD_OUT_SEED;

        private Builder() {}

        public Builder setTask(TaskName task) {
            this.task = task;
            return this;
        }

        /**
         * PS tasks only: keep units of these lexcats (the paper's four by default; {@code P} alone is the other
         * setting).
         */
        public Builder optPsLexcats(Set<String> lexcats) {
            if (lexcats == null || lexcats.isEmpty()) {
                throw new IllegalArgumentException("at least one lexcat is needed");
            }
            this.psLexcats = lexcats;
            return this;
        }

        /** PUD tasks only: the share of sentences in train, strictly between 0 and 1 (default 0.8). */
        public Builder optPudTrainFraction(double fraction) {
            requireFraction(fraction, "PUD train fraction");
            this.pudTrainFraction = fraction;
            return this;
        }

        public Builder optPudSeed(long seed) {
            this.pudSeed = seed;
            return this;
        }

        /** Carve this share of train sentences (seeded) into a {@code heldout} split; 0 for none. */
        public Builder optHeldOut(double fraction, long seed) {
            if (fraction != 0.0) {
                requireFraction(fraction, "held-out fraction");
            }
            this.heldOutFraction = fraction;
            this.heldOutSeed = seed;
            return this;
        }

        public TaskConfig build() {
            return new TaskConfig(this);
        }

        private static void requireFraction(double f, String what) {
            if (!(f > 0.0 && f < 1.0)) {
                throw new IllegalArgumentException(what + " must be strictly between 0 and 1, got " + f);
            }
        }
    }
}
