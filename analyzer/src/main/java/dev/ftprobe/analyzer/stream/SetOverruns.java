package dev.ftprobe.analyzer.stream;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sets whose analysis took longer than the max set time ({@link AnalyzerSettings#maxSetTime()}), in this analyzer
 * process. Their results cannot be committed: the group evicted the stream thread, or the coordinator aborted its
 * transaction, so the task starts again from the set's chunks. Without this memory the set would be analysed again, for
 * as long again, forever; with it, the second time the set comes it is dead-lettered with the time it took and what to
 * do. Kept in memory on purpose: another process (after a restart, or an instance with a larger max set time) tries the
 * set afresh.
 */
final class SetOverruns {
    private final Duration limit;
    private final Map<String, Duration> overran = new ConcurrentHashMap<>();

    SetOverruns(Duration limit) {
        this.limit = limit;
    }

    /** Records the analysis time of a set; true when it overran the limit (the caller says so in the log). */
    boolean record(String setKey, Duration took) {
        if (took.compareTo(limit) <= 0) {
            return false;
        }
        overran.put(setKey, took);
        return true;
    }

    /** Why this set is not analysed again, or null when it may be. */
    String refusal(String setKey) {
        Duration took = overran.get(setKey);
        return took == null ? null : explanation(setKey, took);
    }

    /** What the overrun means and what to do, for the log and the dead letter. */
    String explanation(String setKey, Duration took) {
        return String.format(
                Locale.ROOT,
                "analysing set %s took %d s, longer than the max set time of %d s (the stream thread's poll interval"
                        + " and transaction timeout), so its results could not be committed; it is not analysed"
                        + " again by this process. Raise --max-set-minutes (with a broker whose"
                        + " transaction.max.timeout.ms allows it; ftprobe run's embedded broker does), analyse a"
                        + " sample (--sample-per-label), or leave the layer out (--layers)",
                setKey,
                took.toSeconds(),
                limit.toSeconds());
    }
}
