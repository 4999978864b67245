package dev.ftprobe.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The fuzz tests' seed corpora are records this build decodes: the fuzzer starts from valid events of every schema
 * version read, so that it explores the checks past the syntax. A schema change that leaves a seed behind fails here.
 */
class FuzzSeedsTest {
    @Test
    void everySeedDecodes() throws IOException {
        assertThat(DecoderFuzzTest.seeds(RunManifestFuzzTest.class))
                .containsOnlyKeys("schema1", "schema2", "schema3-real")
                .allSatisfy((name, bytes) -> assertThat(
                                EventCodecs.RUN_MANIFEST.decode(bytes).runId())
                        .isNotBlank());
        assertThat(DecoderFuzzTest.seeds(CheckpointEventFuzzTest.class))
                .hasSize(3)
                .allSatisfy((name, bytes) -> assertThat(
                                EventCodecs.CHECKPOINT.decode(bytes).sha256())
                        .hasSize(64));
        assertThat(DecoderFuzzTest.seeds(DeadLetterFuzzTest.class))
                .hasSize(2)
                .allSatisfy((name, bytes) -> assertThat(
                                EventCodecs.DEAD_LETTER.decode(bytes).reason())
                        .isNotBlank());
        assertThat(DecoderFuzzTest.seeds(EmbeddingBatchCodecFuzzTest.class))
                .containsOnlyKeys("version1-cut", "version2-cut")
                .allSatisfy((name, bytes) -> assertThat(
                                EventCodecs.EMBEDDING_BATCH.decode(bytes).count())
                        .isPositive());
    }

    @Test
    void aDeadLetterSeedCarriesTheBrokenRecordItNames() throws IOException {
        byte[] payload = EventCodecs.DEAD_LETTER
                .decode(DecoderFuzzTest.seeds(DeadLetterFuzzTest.class).get("with-payload"))
                .payload();
        assertThat(catchCodecError(payload)).startsWith("message: malformed JSON: Invalid UTF-8 start byte 0xff");
    }

    private static String catchCodecError(byte[] bytes) {
        try {
            EventCodecs.CHECKPOINT.decode(bytes);
            return "decoded";
        } catch (CodecException e) {
            return e.getMessage();
        }
    }
}
