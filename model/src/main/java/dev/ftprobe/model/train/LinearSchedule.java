package dev.ftprobe.model.train;

/**
 * The learning rate of HF's {@code get_linear_schedule_with_warmup}: from 0 up linearly to {@code peak} over
 * {@code warmupSteps}, then linearly down to 0 at {@code totalSteps}. Step k (0-based) uses {@code lr(k)}, so the very
 * first update has rate 0 when there is a warm-up, exactly as in HF where the scheduler steps after the optimizer.
 */
public record LinearSchedule(float peak, int warmupSteps, int totalSteps) {
    public LinearSchedule {
        if (!(peak > 0) || warmupSteps < 0 || totalSteps <= 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException(
                    "bad schedule: peak " + peak + ", warm-up " + warmupSteps + ", total " + totalSteps);
        }
    }

    /** 10% warm-up, as in the paper's appendix. */
    public static LinearSchedule withTenPercentWarmup(float peak, int totalSteps) {
        return new LinearSchedule(peak, totalSteps / 10, totalSteps);
    }

    public float lr(int step) {
        if (step < warmupSteps) {
            return peak * step / Math.max(1, warmupSteps);
        }
        return peak * Math.max(0f, (float) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
    }
}
