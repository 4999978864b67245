package dev.ftprobe.tasks.conllu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ftprobe.tasks.Fixtures;
import dev.ftprobe.tasks.io.MalformedDataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConlluReaderTest {
    @TempDir
    Path dir;

    private static final String GOOD = String.join(
            "\n",
            "# sent_id = a",
            "1\tHe\the\tPRON\tPRP\t_\t2\tnsubj\t2:nsubj\t_",
            "2\tran\trun\tVERB\tVBD\t_\t0\troot\t0:root\t_",
            "",
            "# sent_id = b",
            "1\tGo\tgo\tVERB\tVB\t_\t0\troot\t0:root\t_",
            "");

    @Test
    void readsTheFixtureSkippingMultiwordTokensAndEmptyNodes() throws IOException {
        List<ConlluSentence> s = ConlluReader.read(Fixtures.dataDir().resolve("ud-english-pud/en_pud-ud-test.conllu"));
        assertThat(s).extracting(ConlluSentence::id).containsExactly("s1", "s2", "s3", "s4", "s5");
        assertThat(s.get(1).forms()).containsExactly("It", "'s", "John", "'s");
        assertThat(s.get(2).words()).extracting(ConlluWord::id).containsExactly(1, 2, 3, 4, 5);
        assertThat(s.get(2).words().get(3)).isEqualTo(new ConlluWord(4, "Bob", "PROPN", 2, "conj"));
        assertThat(s.get(4).words().get(4).deprel()).isEqualTo("obl:in");
    }

    @Test
    void acceptsBomAndCrlf() throws IOException {
        Path lf = Fixtures.writeBytes(dir, "lf.conllu", GOOD.getBytes(StandardCharsets.UTF_8));
        Path crlf = Fixtures.writeBytes(dir, "crlf.conllu", Fixtures.bomCrlf(GOOD));
        assertThat(ConlluReader.read(crlf)).isEqualTo(ConlluReader.read(lf));
        assertThat(ConlluReader.read(crlf).get(0).words().get(1).form()).isEqualTo("ran");
    }

    @Test
    void lastSentenceNeedsNoTrailingBlankLineAndMissingSentIdGetsAStableOne() throws IOException {
        Path p = Fixtures.writeBytes(
                dir, "x.conllu", "1\tGo\tgo\tVERB\tVB\t_\t0\troot\t_\t_".getBytes(StandardCharsets.UTF_8));
        assertThat(ConlluReader.read(p))
                .containsExactly(new ConlluSentence("x.conllu#1", List.of(new ConlluWord(1, "Go", "VERB", 0, "root"))));
    }

    private void assertMalformed(String name, String text, String... expected) {
        Path p = Fixtures.writeBytes(dir, name, text.getBytes(StandardCharsets.UTF_8));
        var thrown = assertThatThrownBy(() -> ConlluReader.read(p))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining(p.toString());
        for (String e : expected) {
            thrown.hasMessageContaining(e);
        }
    }

    @Test
    void wrongColumnCount() {
        assertMalformed(
                "cols.conllu",
                GOOD.replace("2\tran\trun\tVERB\tVBD\t_", "2\tran\trun\tVERB\tVBD"),
                "line 3",
                "expected 10 tab-separated columns, found 9");
    }

    @Test
    void nonIntegerHead() {
        assertMalformed(
                "head.conllu",
                GOOD.replace("\t_\t2\tnsubj", "\t_\ttwo\tnsubj"),
                "line 2",
                "column HEAD",
                "expected an integer head",
                "'two'");
    }

    @Test
    void headOutOfRange() {
        assertMalformed(
                "range.conllu",
                GOOD.replace("\t_\t2\tnsubj", "\t_\t7\tnsubj"),
                "line 2",
                "expected HEAD between 0 and 2",
                "found 7");
    }

    @Test
    void missingField() {
        assertMalformed(
                "deprel.conllu", GOOD.replace("\tnsubj\t", "\t_\t"), "line 2", "column DEPREL", "expected a value");
        assertMalformed("upos.conllu", GOOD.replace("\tPRON\t", "\t\t"), "line 2", "column UPOS");
    }

    @Test
    void wordIdsOutOfOrder() {
        assertMalformed("ids.conllu", GOOD.replace("2\tran", "3\tran"), "line 3", "expected word id 2, found 3");
        assertMalformed("badid.conllu", GOOD.replace("2\tran", "x\tran"), "line 3", "column ID");
    }

    @Test
    void emptyFileAndCommentsOnly() {
        assertMalformed("empty.conllu", "", "line 1", "expected at least one sentence");
        assertMalformed("comments.conllu", "# sent_id = a\n\n", "line 1", "expected word lines");
    }

    @Test
    void duplicateSentIdAndBadSentIdComment() {
        assertMalformed("dup.conllu", GOOD.replace("sent_id = b", "sent_id = a"), "line 5", "'a' occurs twice");
        assertMalformed(
                "sentid.conllu", GOOD.replace("# sent_id = a", "# sent_id"), "line 1", "expected '# sent_id = <id>'");
    }

    @Test
    void notUtf8() {
        byte[] bytes = GOOD.replace("ran", "r?n").getBytes(StandardCharsets.UTF_8);
        bytes[GOOD.indexOf("r?n") + 1] = (byte) 0xE9;
        Path p = Fixtures.writeBytes(dir, "latin1.conllu", bytes);
        assertThatThrownBy(() -> ConlluReader.read(p))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("expected UTF-8");
    }
}
