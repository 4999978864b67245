package dev.ftprobe.analyzer.results;

import dev.ftprobe.events.codec.DecoderFuzzTest;
import dev.ftprobe.events.codec.JsonDecoderTargets;

/** Fuzzes the decoder of set geometries, schema versions 1 to 4, from real results and the legacy layouts. */
class SetGeometryFuzzTest extends DecoderFuzzTest {
    private static final JsonDecoderTargets<SetGeometry> TARGETS = new JsonDecoderTargets<>(
            SetGeometryFuzzTest.class,
            "SetGeometry",
            AnalyzerCodecs.SET_GEOMETRY::decode,
            AnalyzerCodecs.SET_GEOMETRY::encode);

    @Override
    protected void check(byte[] input) {
        TARGETS.check(input);
    }
}
