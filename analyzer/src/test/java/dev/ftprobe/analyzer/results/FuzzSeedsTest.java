package dev.ftprobe.analyzer.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.events.codec.DecoderFuzzTest;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The result fuzz tests' seed corpora decode: every schema version read, starting from real results. */
class FuzzSeedsTest {
    @Test
    void everySeedDecodes() throws IOException {
        assertThat(DecoderFuzzTest.seeds(SetGeometryFuzzTest.class))
                .containsOnlyKeys("schema1", "schema2", "schema3", "schema4-cut")
                .allSatisfy((name, bytes) -> assertThat(AnalyzerCodecs.SET_GEOMETRY
                                .decode(bytes)
                                .geometry()
                                .labels())
                        .isNotEmpty());
        assertThat(DecoderFuzzTest.seeds(StepDynamicsFuzzTest.class))
                .containsOnlyKeys("schema1", "schema2", "schema3", "schema4-cut")
                .allSatisfy((name, bytes) -> assertThat(
                                AnalyzerCodecs.STEP_DYNAMICS.decode(bytes).splits())
                        .isNotEmpty());
    }
}
