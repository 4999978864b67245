package dev.ftprobe.events.codec;

import dev.ftprobe.events.EmbeddingBatch;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} over an event codec. A null value (a tombstone) passes through as null; anything else that does
 * not decode throws {@link CodecException}.
 */
public final class CodecSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
    private final Function<T, byte[]> encoder;
    private final Function<byte[], T> decoder;
    private final Function<ByteBuffer, T> bufferDecoder;

    public CodecSerde(Function<T, byte[]> encoder, Function<byte[], T> decoder, Function<ByteBuffer, T> bufferDecoder) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.bufferDecoder = bufferDecoder;
    }

    public static <R extends Record> CodecSerde<R> json(JsonCodec<R> codec) {
        return new CodecSerde<>(codec::encode, codec::decode, null);
    }

    public static CodecSerde<EmbeddingBatch> binary(EmbeddingBatchCodec codec) {
        return new CodecSerde<>(codec::encode, codec::decode, codec::decode);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : encoder.apply(data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : decoder.apply(data);
    }

    @Override
    public T deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (bufferDecoder != null) {
            return bufferDecoder.apply(data);
        }
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return decoder.apply(bytes);
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}
}
