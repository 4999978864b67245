package dev.ftprobe.events.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The two ways a JSON decoder is fuzzed, each held to the {@link DecoderContract}: the fuzzer's bytes as they are
 * (syntax, encodings, truncation), and the fuzzer's bytes as a {@link JsonTreeMutation} of a seed record (every field
 * with every kind of wrong value).
 *
 * @param <T> the decoded record
 */
public final class JsonDecoderTargets<T extends Record> {
    private final DecoderContract<T> asBytes;
    private final DecoderContract<T> asTree;
    private final List<byte[]> seeds;

    /**
     * @param test the fuzz test, beside whose class the seed corpus is
     * @param name the decoder, for the summaries
     */
    public JsonDecoderTargets(
            Class<? extends DecoderFuzzTest> test,
            String name,
            Function<byte[], T> decode,
            Function<T, byte[]> encode) {
        this.asBytes = new DecoderContract<>(name, decode, encode, Objects::equals, JsonDecoderTargets::parse);
        this.asTree = new DecoderContract<>(
                name + ", values changed in the tree", decode, encode, Objects::equals, JsonDecoderTargets::parse);
        try {
            this.seeds = List.copyOf(DecoderFuzzTest.seeds(test).values());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reference for what decoding may allocate: parsing the input to a tree. */
    private static void parse(byte[] input) {
        try {
            JsonCodec.mapper().readTree(input);
        } catch (IOException e) {
            // malformed: it allocated what it read up to there
        }
    }

    public void check(byte[] input) {
        asBytes.check(input);
        asTree.check(JsonTreeMutation.apply(seeds, input));
    }
}
