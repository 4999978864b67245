package dev.ftprobe.app.report;

import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.events.Nullable;
import java.util.List;

/**
 * How an analysis computed a probe task's sets, as its geometry records say: for the report's provenance.
 *
 * @param analysisId the analysis whose topics were read
 * @param method {@code directprobe} or {@code tracking}
 * @param conventions the tracking conventions; absent under DirectProbe
 * @param sample the per-label sample analysed; absent when every point was
 * @param splits the splits analysed
 */
record AnalysisSettings(
        String analysisId,
        String method,
        @Nullable String conventions,
        @Nullable SetGeometry.Sample sample,
        List<String> splits) {

    AnalysisSettings {
        splits = List.copyOf(splits);
    }

    /** One line for the provenance table. */
    String describe() {
        StringBuilder s = new StringBuilder(method);
        if (conventions != null) {
            s.append(" (").append(conventions).append(" conventions)");
        }
        s.append(
                sample == null
                        ? ", every point"
                        : ", a seeded sample of at most " + sample.maxPerLabel() + " points per label (seed "
                                + sample.seed() + ")");
        return s.append(", splits ").append(String.join(", ", splits)).toString();
    }
}
