package dev.ftprobe.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ftprobe.model.tokenizer.WordPieceTokenizer.Overflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class WordPieceTokenizerTest {
    private static WordPieceTokenizer bert;
    static final Vocabulary TOY = new Vocabulary(List.of(
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "runn", "##ing", ",", "the", "a",
            "##b", "ab"));

    /** The real uncased BERT vocabulary of {@code ../shared/data}; skips the test where it is missing. */
    private static WordPieceTokenizer bert() {
        if (bert == null) {
            String prop = System.getProperty("ftprobe.shared.data");
            Assumptions.assumeTrue(prop != null, "system property ftprobe.shared.data is not set (surefire sets it)");
            Path vocab = Path.of(prop, "bert-uncased-vocab/vocab.txt")
                    .toAbsolutePath()
                    .normalize();
            Assumptions.assumeTrue(Files.isRegularFile(vocab), "the real vocabulary is missing: " + vocab);
            bert = new WordPieceTokenizer(Vocabulary.read(vocab));
        }
        return bert;
    }

    @Test
    void basicTokenizationByHand() {
        BasicTokenizer b = new BasicTokenizer(Set.of("[MASK]"));
        // lower-case, accents stripped (é = e + U+0301), punctuation split, whitespace collapsed
        assertThat(b.tokenize(" HeLLo,\tCafé!  \u00ADx ")).containsExactly("hello", ",", "cafe", "!", "x");
        // CJK ideographs become words of their own; control characters vanish; [MASK] kept whole
        assertThat(b.tokenize("ab中文cd [MASK]\u0000.")).containsExactly("ab", "中", "文", "cd", "[MASK]", ".");
        assertThat(b.tokenize("$5^`")).containsExactly("$", "5", "^", "`");
    }

    @Test
    void greedyLongestMatchFirstByHand() {
        WordPieceTokenizer t = new WordPieceTokenizer(TOY);
        assertThat(t.tokenize("unaffable")).containsExactly("un", "##aff", "##able");
        assertThat(t.tokenize("Running, the")).containsExactly("runn", "##ing", ",", "the");
        // "abb": "ab" is the longest prefix, then "##b"
        assertThat(t.tokenize("abb")).containsExactly("ab", "##b");
        // no piece covers "unx": the whole word is [UNK], not "un" + [UNK]
        assertThat(t.tokenize("unx a")).containsExactly("[UNK]", "a");
        assertThat(t.tokenize("a".repeat(101))).containsExactly("[UNK]");
    }

    @Test
    void realVocabularyCases() {
        assertThat(bert().vocabulary().size()).isEqualTo(30522);
        assertThat(bert().tokenize("The capital of France is [MASK]."))
                .containsExactly("the", "capital", "of", "france", "is", "[MASK]", ".");
        // greedy: "unaf" and "##ffab" are not in the vocabulary
        assertThat(bert().tokenize("unaffable")).containsExactly("una", "##ffa", "##ble");
        assertThat(bert().vocabulary().id("[CLS]")).isEqualTo(101);
        assertThat(bert().vocabulary().id("[SEP]")).isEqualTo(102);
    }

    @Test
    void preTokenizedInputKeepsWordAlignment() {
        Encoding e = bert().encodeWords(List.of("Unaffable", "dogs", "ran", "."), 16, Overflow.FAIL);
        // [CLS] una ##ffa ##ble dogs ran . [SEP]
        assertThat(e.ids()).hasSize(8);
        assertThat(e.ids()[0]).isEqualTo(101);
        assertThat(e.ids()[7]).isEqualTo(102);
        assertThat(e.wordSpans())
                .containsExactly(
                        new Encoding.WordSpan(1, 4),
                        new Encoding.WordSpan(4, 5),
                        new Encoding.WordSpan(5, 6),
                        new Encoding.WordSpan(6, 7));
        assertThat(e.truncated()).isFalse();
        assertThat(e.attentionMask()).containsOnly(1L);
        // a word made only of a control character still gets a vector: [UNK]
        Encoding odd = bert().encodeWords(List.of("a", "\u0000"), 16, Overflow.FAIL);
        assertThat(odd.wordSpans().get(1)).isEqualTo(new Encoding.WordSpan(2, 3));
        assertThat(odd.ids()[2]).isEqualTo(bert().vocabulary().unkId());
    }

    @Test
    void overLongSentencesAreNeverCutSilently() {
        List<String> words = List.of("unaffable", "dogs", "ran", "home");
        // 1 + 3 + 1 + 1 + 1 + 1 = 8 positions needed
        assertThat(bert().encodeWords(words, 8, Overflow.FAIL).wordSpans()).hasSize(4);
        assertThatThrownBy(() -> bert().encodeWords(words, 7, Overflow.FAIL))
                .isInstanceOf(WordPieceTokenizer.SequenceTooLongException.class)
                .hasMessageContaining("home");
        Encoding cut = bert().encodeWords(words, 7, Overflow.TRUNCATE);
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.wordSpans()).hasSize(3);
        assertThat(cut.wordCount()).isEqualTo(4);
        assertThat(cut.ids()).hasSize(7);
    }

    @Test
    void builtVocabularySpellsEveryTrainingWord() {
        Vocabulary v = new VocabularyBuilder()
                .add("The dog ran.")
                .add("the cat RAN home")
                .build(100, 2);
        assertThat(v.tokens().subList(0, 5)).containsExactly("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
        assertThat(v.contains("the")).isTrue();
        assertThat(v.contains("ran")).isTrue();
        assertThat(v.contains("dog")).isFalse(); // seen once, below minCount
        WordPieceTokenizer t = new WordPieceTokenizer(v);
        assertThat(t.tokenize("dog")).containsExactly("d", "##o", "##g");
        assertThat(t.tokenize("the zebra")).containsExactly("the", "[UNK]");
    }
}
