package dev.ftprobe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertConfigTest {
    @Test
    void presetsFollowTheFamily() {
        assertThat(BertConfig.preset("tiny")).isEqualTo(new BertConfig(30522, 128, 2, 2, 512, 512, 2, 1e-12f));
        assertThat(BertConfig.preset("mini").numLayers()).isEqualTo(4);
        assertThat(BertConfig.preset("small").numHeads()).isEqualTo(8);
        assertThat(BertConfig.preset("medium").numLayers()).isEqualTo(8);
        assertThat(BertConfig.preset("BASE").intermediateSize()).isEqualTo(3072);
        assertThatThrownBy(() -> BertConfig.preset("huge")).hasMessageContaining("huge");
    }

    @Test
    void readsGoogleAndHfConfigs(@TempDir Path dir) throws Exception {
        Path google = dir.resolve("bert_config.json");
        Files.writeString(google, """
                {"attention_probs_dropout_prob": 0.1, "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
                 "hidden_size": 256, "initializer_range": 0.02, "intermediate_size": 1024,
                 "max_position_embeddings": 512, "num_attention_heads": 4, "num_hidden_layers": 4,
                 "type_vocab_size": 2, "vocab_size": 30522}""");
        assertThat(BertConfig.read(google)).isEqualTo(BertConfig.preset("mini"));
        Path hf = dir.resolve("config.json");
        Files.writeString(hf, BertConfig.preset("small").toHfJson());
        assertThat(BertConfig.read(hf)).isEqualTo(BertConfig.preset("small"));
        Files.writeString(hf, "{\"hidden_size\": 12}");
        assertThatThrownBy(() -> BertConfig.read(hf))
                .hasMessageContaining("config.json")
                .hasMessageContaining("vocab_size");
    }
}
