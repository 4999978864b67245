package dev.ftprobe.events.codec;

import dev.ftprobe.events.RunManifest;

/** Fuzzes the decoder of run manifests, schema versions 1 to 3, from real manifests. */
class RunManifestFuzzTest extends DecoderFuzzTest {
    private static final JsonDecoderTargets<RunManifest> TARGETS = new JsonDecoderTargets<>(
            RunManifestFuzzTest.class,
            "RunManifest",
            EventCodecs.RUN_MANIFEST::decode,
            EventCodecs.RUN_MANIFEST::encode);

    @Override
    protected void check(byte[] input) {
        TARGETS.check(input);
    }
}
