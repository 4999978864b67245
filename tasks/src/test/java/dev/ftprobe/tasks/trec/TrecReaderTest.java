package dev.ftprobe.tasks.trec;

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

class TrecReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsLatin1() throws IOException {
        Path p = Fixtures.writeBytes(
                dir, "q.label", "HUM:ind Who was Pel\u00e9 's coach ?\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(TrecReader.read(p))
                .containsExactly(
                        new TrecQuestion(1, "HUM:ind", List.of("Who", "was", "Pel\u00e9", "'s", "coach", "?")));
        assertThat(TrecReader.read(p).get(0).coarseLabel()).isEqualTo("HUM");
    }

    @Test
    void acceptsBomAndCrlfAndSkipsBlankLines() throws IOException {
        Path p = Fixtures.writeBytes(
                dir, "q.label", Fixtures.bomCrlf("LOC:city Where is it ?\n\nNUM:count How many ?\n"));
        assertThat(TrecReader.read(p))
                .extracting(TrecQuestion::line, TrecQuestion::label)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, "LOC:city"),
                        org.assertj.core.groups.Tuple.tuple(3L, "NUM:count"));
        assertThat(TrecReader.read(p).get(1).words()).containsExactly("How", "many", "?");
    }

    private void assertMalformed(String text, String... expected) {
        Path p = Fixtures.writeBytes(dir, "bad.label", text.getBytes(StandardCharsets.ISO_8859_1));
        var thrown = assertThatThrownBy(() -> TrecReader.read(p))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining(p.toString());
        for (String e : expected) {
            thrown.hasMessageContaining(e);
        }
    }

    @Test
    void lineWithoutLabel() {
        assertMalformed(
                "LOC:city Where is it ?\nWhat is this ?\n", "line 2", "expected a label 'COARSE:fine'", "'What'");
        assertMalformed("LOC: Where is it ?\n", "line 1", "expected a label");
    }

    @Test
    void labelWithoutQuestion() {
        assertMalformed("LOC:city Where is it ?\nLOC:city\n", "line 2", "expected a question after the label LOC:city");
    }

    @Test
    void emptyFile() {
        assertMalformed("", "line 1", "expected at least one labelled question");
        assertMalformed("\n\n", "line 3", "expected at least one labelled question");
    }
}
