package dev.ftprobe.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ftprobe.model.BertConfig;
import dev.ftprobe.model.tokenizer.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    static final BertConfig CONFIG = BertConfig.family(2, 128, 2).withVocabSize(7);
    static final Vocabulary VOCAB = new Vocabulary(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b"));

    static CheckpointStore.Stored put(CheckpointStore store, float x) throws Exception {
        return store.put(
                CONFIG,
                VOCAB,
                Map.of("embeddings.x", new Tensor(new long[] {2, 2}, new float[] {1, 2, 3, x})),
                Map.of("classifier.bias", new Tensor(new long[] {2}, new float[] {0.5f, -0.5f})));
    }

    @Test
    void sameContentSameFileAndItReadsBack(@TempDir Path dir) throws Exception {
        CheckpointStore store = new CheckpointStore(dir);
        CheckpointStore.Stored a = put(store, 4);
        CheckpointStore.Stored again = put(store, 4);
        CheckpointStore.Stored other = put(store, 5);
        assertThat(again).isEqualTo(a);
        assertThat(other.sha256()).isNotEqualTo(a.sha256());
        Path file = Path.of(a.uri());
        assertThat(file.getFileName().toString()).isEqualTo(a.sha256() + CheckpointStore.SUFFIX);
        assertThat(Files.size(file)).isEqualTo(a.sizeBytes());
        assertThat(CheckpointStore.sha256(file)).isEqualTo(a.sha256());
        try (var tmp = Files.list(dir.resolve(CheckpointStore.TMP))) {
            assertThat(tmp).isEmpty();
        }
        Checkpoint c = CheckpointStore.read(a.uri(), a.sha256(), a.sizeBytes());
        assertThat(c.config()).isEqualTo(CONFIG);
        assertThat(c.vocabulary().tokens()).isEqualTo(VOCAB.tokens());
        assertThat(c.tensors().get("embeddings.x").data()).containsExactly(1, 2, 3, 4);
        assertThat(c.tensors().get("classifier.bias").data()).containsExactly(0.5f, -0.5f);
    }

    @Test
    void corruptOrMissingFilesAreRefusedWithTheReason(@TempDir Path dir) throws Exception {
        CheckpointStore store = new CheckpointStore(dir);
        CheckpointStore.Stored a = put(store, 4);
        Path file = Path.of(a.uri());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> CheckpointStore.read(a.uri(), a.sha256(), a.sizeBytes()))
                .isInstanceOf(CheckpointUnavailableException.class)
                .hasMessageContaining("sha256")
                .hasMessageContaining(file.toString());
        Files.delete(file);
        assertThatThrownBy(() -> CheckpointStore.read(a.uri(), a.sha256(), a.sizeBytes()))
                .isInstanceOf(CheckpointUnavailableException.class)
                .hasMessageContaining("missing");
    }
}
