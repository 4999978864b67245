package dev.ftprobe.events.codec;

import dev.ftprobe.events.DeadLetter;

/** Fuzzes the decoder of dead letters, from dead letters made as the services make them, of real records. */
class DeadLetterFuzzTest extends DecoderFuzzTest {
    private static final JsonDecoderTargets<DeadLetter> TARGETS = new JsonDecoderTargets<>(
            DeadLetterFuzzTest.class, "DeadLetter", EventCodecs.DEAD_LETTER::decode, EventCodecs.DEAD_LETTER::encode);

    @Override
    protected void check(byte[] input) {
        TARGETS.check(input);
    }
}
