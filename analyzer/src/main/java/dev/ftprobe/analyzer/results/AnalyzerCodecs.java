package dev.ftprobe.analyzer.results;

import dev.ftprobe.events.codec.CodecSerde;
import dev.ftprobe.events.codec.EventCodecs;
import dev.ftprobe.events.codec.JsonCodec;
import org.apache.kafka.common.serialization.Serde;

/**
 * The JSON codecs and serdes of the analyzer's results, in infra's codec style (strict, versioned).
 * Version 1 of both is still read (version 2 only added the nullable {@code sample}), so results and
 * state retained by an older build stay usable.
 */
public final class AnalyzerCodecs {
    public static final JsonCodec<SetGeometry> SET_GEOMETRY =
            new JsonCodec<>(SetGeometry.class, SetGeometry.SCHEMA_VERSION, EventCodecs.MAX_MESSAGE_BYTES).readingFrom(1);
    public static final JsonCodec<StepDynamics> STEP_DYNAMICS =
            new JsonCodec<>(StepDynamics.class, StepDynamics.SCHEMA_VERSION, EventCodecs.MAX_MESSAGE_BYTES).readingFrom(1);

    private AnalyzerCodecs() {}

    public static Serde<SetGeometry> setGeometrySerde() {
        return CodecSerde.json(SET_GEOMETRY);
    }

    public static Serde<StepDynamics> stepDynamicsSerde() {
        return CodecSerde.json(STEP_DYNAMICS);
    }
}
