package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.SeriesId;
import java.util.List;

/**
 * A step's probe as the {@value AnalyzerTopology#PROBE_JOBS_STORE} store keeps it until its outcome is forwarded: the
 * two sets (whose chunks stay in {@value AnalyzerTopology#CHUNKS_STORE} meanwhile) and the record that completed the
 * pair, which a failure is dead-lettered as. A restarted task submits its stored jobs again.
 */
record ProbeJob(SeriesId series, long step, String trainSet, String testSet, String topic, int partition, long offset) {

    String encode() {
        return String.join(
                "\n",
                series.runId(),
                series.probeTask(),
                Integer.toString(series.layer()),
                Long.toString(step),
                trainSet,
                testSet,
                topic,
                Integer.toString(partition),
                Long.toString(offset));
    }

    static ProbeJob decode(String text) {
        List<String> f = List.of(text.split("\n", -1));
        return new ProbeJob(
                new SeriesId(f.get(0), f.get(1), Integer.parseInt(f.get(2))),
                Long.parseLong(f.get(3)),
                f.get(4),
                f.get(5),
                f.get(6),
                Integer.parseInt(f.get(7)),
                Long.parseLong(f.get(8)));
    }

    String stepKey() {
        return series.stepKey(step);
    }
}
