package dev.ftprobe.events.codec;

import dev.ftprobe.events.CheckpointEvent;

/** Fuzzes the decoder of checkpoint events, schema versions 1 and 2, from real events. */
class CheckpointEventFuzzTest extends DecoderFuzzTest {
    private static final JsonDecoderTargets<CheckpointEvent> TARGETS = new JsonDecoderTargets<>(
            CheckpointEventFuzzTest.class,
            "CheckpointEvent",
            EventCodecs.CHECKPOINT::decode,
            EventCodecs.CHECKPOINT::encode);

    @Override
    protected void check(byte[] input) {
        TARGETS.check(input);
    }
}
