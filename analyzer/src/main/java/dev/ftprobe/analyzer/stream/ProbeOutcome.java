package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.SeriesId;
import dev.ftprobe.analyzer.results.StepProbe;

/**
 * What the assembler tells the dynamics of a step's probe: that it is running ({@link #pending}; the step's dynamics
 * wait for it), its result, or that it failed (the dynamics then go without one).
 *
 * @param result the probe's result; null while pending or after a failure
 * @param failure why the probe failed; null unless it did
 */
record ProbeOutcome(SeriesId series, long step, StepProbe result, String failure) {
    static ProbeOutcome pending(SeriesId series, long step) {
        return new ProbeOutcome(series, step, null, null);
    }

    boolean isPending() {
        return result == null && failure == null;
    }

    String stepKey() {
        return series.stepKey(step);
    }
}
