package dev.ftprobe.tasks.streusle;

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

class StreusleReaderTest {
    @TempDir
    Path dir;

    private static final String GOOD = String.join(
            "\n",
            "[",
            "{\"sent_id\": \"a\", \"text\": \"in it\", \"toks\": [",
            "  {\"#\": 1, \"word\": \"in\", \"lemma\": \"in\", \"head\": 0, \"smwe\": null, \"wmwe\": [1, 1]},",
            "  {\"#\": 2, \"word\": \"it\", \"feats\": {\"x\": [1, {\"y\": null}]}}",
            " ],",
            " \"etoks\": [],",
            " \"swes\": {\"1\": {\"lexlemma\": \"in\", \"lexcat\": \"P\", \"ss\": \"p.Locus\", \"ss2\": "
                    + "\"p.Locus\", \"toknums\": [1]},",
            "          \"2\": {\"lexcat\": \"PRON\", \"ss\": null, \"ss2\": null, \"toknums\": " + "[2]}},",
            " \"smwes\": {\"1\": {\"lexcat\": \"PP\", \"ss\": \"p.Manner\", \"ss2\": \"p.Manner\", \"toknums\": "
                    + "[1, 2]}},",
            " \"wmwes\": {}",
            "}",
            "]",
            "");

    private Path write(String name, String text) {
        return Fixtures.writeBytes(dir, name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsOnlyTheNeededFieldsAndSkipsTheRest() throws IOException {
        List<StreusleSentence> s = StreusleReader.read(write("good.json", GOOD));
        assertThat(s)
                .containsExactly(new StreusleSentence(
                        "a",
                        List.of("in", "it"),
                        List.of(
                                new StreusleUnit("1", "P", "p.Locus", "p.Locus", List.of(1), false),
                                new StreusleUnit("2", "PRON", null, null, List.of(2), false),
                                new StreusleUnit("1", "PP", "p.Manner", "p.Manner", List.of(1, 2), true))));
    }

    @Test
    void readsBothFixtureLayouts() throws IOException {
        // train: the rebuilt layout without lemma, upos, head...; dev: the official layout
        List<StreusleSentence> train =
                StreusleReader.read(Fixtures.dataDir().resolve("streusle-4.2/train/streusle.ud_train.json"));
        List<StreusleSentence> dev =
                StreusleReader.read(Fixtures.dataDir().resolve("streusle-4.2/dev/streusle.ud_dev.json"));
        assertThat(train).hasSize(5);
        assertThat(train.get(1).units())
                .filteredOn(StreusleUnit::multiword)
                .singleElement()
                .extracting(StreusleUnit::toknums)
                .isEqualTo(List.of(1, 2));
        assertThat(dev).extracting(StreusleSentence::id).containsExactly("d1", "d2");
    }

    @Test
    void acceptsBomAndCrlf() throws IOException {
        Path p = Fixtures.writeBytes(dir, "bom.json", Fixtures.bomCrlf(GOOD));
        assertThat(StreusleReader.read(p)).isEqualTo(StreusleReader.read(write("good.json", GOOD)));
    }

    private void assertMalformed(String text, String... expected) {
        Path p = write("bad.json", text);
        var thrown = assertThatThrownBy(() -> StreusleReader.read(p))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining(p.toString());
        for (String e : expected) {
            thrown.hasMessageContaining(e);
        }
    }

    @Test
    void missingFields() {
        assertMalformed(GOOD.replace("\"word\": \"it\", ", ""), "sentence a, field toks[1]", "expected field 'word'");
        assertMalformed(
                GOOD.replace("\"lexcat\": \"PRON\", ", ""),
                "sentence a, field swes.2.lexcat",
                "expected a lexical category");
        assertMalformed(GOOD.replace("\"sent_id\": \"a\", ", ""), "sentence #1", "expected field sent_id");
        assertMalformed(
                GOOD.replace(", \"toknums\": [2]", ""),
                "sentence a, field swes.2.toknums",
                "expected a non-empty array");
        assertMalformed(GOOD.replace(" \"swes\"", " \"swes_renamed\""), "sentence a", "expected field swes");
        assertMalformed(GOOD.replace("\"toks\"", "\"tokens\""), "sentence a", "expected field toks");
    }

    @Test
    void wrongTypesAndValues() {
        assertMalformed(
                GOOD.replace("\"#\": 2", "\"#\": \"2\""),
                "sentence a, field toks[1].#",
                "expected an integer token number, found a string");
        assertMalformed(GOOD.replace("\"#\": 2", "\"#\": 3"), "field toks[1].#", "expected token number 2, found 3");
        assertMalformed(
                GOOD.replace("\"toknums\": [2]", "\"toknums\": [5]"),
                "field swes.2.toknums",
                "between 1 and 2, found 5");
        assertMalformed(
                GOOD.replace("\"ss\": \"p.Locus\"", "\"ss\": 4"), "field swes.1.ss", "expected a string or null");
        assertMalformed("{\"sent_id\": \"a\"}", "top level", "expected a JSON array of sentences");
        assertMalformed(GOOD + GOOD, "expected the end of the file");
    }

    @Test
    void brokenJsonNamesTheLine() {
        assertMalformed(
                GOOD.replace("\"ss\": null, \"ss2\": null", "\"ss\": null \"ss2\": null"),
                "line 8",
                "expected well-formed JSON");
        assertMalformed(GOOD.substring(0, GOOD.length() / 2), "expected well-formed JSON");
    }

    @Test
    void emptyFileAndEmptyArray() {
        assertMalformed("", "expected a JSON array of sentences, found the end of the file");
        assertMalformed("[]", "expected at least one sentence");
    }

    @Test
    void duplicateSentenceId() {
        assertMalformed(
                GOOD.replace("\n]", ",\n" + GOOD.substring(2, GOOD.lastIndexOf('}') + 1) + "\n]"),
                "sentence a",
                "unique sent_id");
    }
}
