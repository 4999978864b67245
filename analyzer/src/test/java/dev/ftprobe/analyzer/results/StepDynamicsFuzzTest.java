package dev.ftprobe.analyzer.results;

import dev.ftprobe.events.codec.DecoderFuzzTest;
import dev.ftprobe.events.codec.JsonDecoderTargets;

/** Fuzzes the decoder of step dynamics, schema versions 1 to 4, from real results and the legacy layouts. */
class StepDynamicsFuzzTest extends DecoderFuzzTest {
    private static final JsonDecoderTargets<StepDynamics> TARGETS = new JsonDecoderTargets<>(
            StepDynamicsFuzzTest.class,
            "StepDynamics",
            AnalyzerCodecs.STEP_DYNAMICS::decode,
            AnalyzerCodecs.STEP_DYNAMICS::encode);

    @Override
    protected void check(byte[] input) {
        TARGETS.check(input);
    }
}
