package dev.ftprobe.analyzer.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftprobe.events.codec.EventCodecs;
import dev.ftprobe.events.codec.JsonCodec;
import org.apache.kafka.common.serialization.Serde;

/**
 * The JSON codecs and serdes of the analyzer's results, in the events' codec style (strict, versioned). Every earlier
 * version is still read: version 2 only added the nullable {@code sample} to version 1, version 3 is version 4 analysed
 * by DirectProbe with no undecided pairs counted ({@code method} directprobe, {@code geometry.undecided} 0), step
 * dynamics version 3 is version 4 without a probe, and versions 1 and 2 are upgraded from their layout
 * ({@link LegacySetGeometry}, {@link LegacyStepDynamics}), so results and state retained by an older build stay usable.
 */
public final class AnalyzerCodecs {
    public static final ResultCodec<SetGeometry, LegacySetGeometry> SET_GEOMETRY = new ResultCodec<>(
            new JsonCodec<>(SetGeometry.class, SetGeometry.SCHEMA_VERSION, EventCodecs.MAX_MESSAGE_BYTES)
                    .upgrading(3, v -> withUndecided(v).put("method", SetGeometry.DIRECTPROBE)),
            new JsonCodec<>(LegacySetGeometry.class, LegacySetGeometry.SCHEMA_VERSION, EventCodecs.MAX_MESSAGE_BYTES)
                    .readingFrom(1),
            LegacySetGeometry::upgrade);
    public static final ResultCodec<StepDynamics, LegacyStepDynamics> STEP_DYNAMICS = new ResultCodec<>(
            new JsonCodec<>(StepDynamics.class, StepDynamics.SCHEMA_VERSION, EventCodecs.MAX_MESSAGE_BYTES)
                    .readingFrom(3),
            new JsonCodec<>(LegacyStepDynamics.class, LegacyStepDynamics.SCHEMA_VERSION, EventCodecs.MAX_MESSAGE_BYTES)
                    .readingFrom(1),
            LegacyStepDynamics::upgrade);

    private AnalyzerCodecs() {}

    /** A version 3 set geometry as version 4: it did not count undecided pairs, so none is reported. */
    private static ObjectNode withUndecided(ObjectNode v3) {
        JsonNode geometry = v3.get("geometry");
        if (geometry instanceof ObjectNode g && !g.has("undecided")) {
            g.put("undecided", 0);
        }
        return v3;
    }

    public static Serde<SetGeometry> setGeometrySerde() {
        return SET_GEOMETRY.serde();
    }

    public static Serde<StepDynamics> stepDynamicsSerde() {
        return STEP_DYNAMICS.serde();
    }
}
