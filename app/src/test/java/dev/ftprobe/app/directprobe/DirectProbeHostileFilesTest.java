package dev.ftprobe.app.directprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ftprobe.app.directprobe.DirectProbeData.BadFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile files for {@code ftprobe directprobe} (and {@code ftprobe probe}): embeddings with ragged rows, values that
 * are not finite numbers, more or fewer vectors than entities, bytes that are not UTF-8; label and entity files with a
 * byte order mark or duplicate labels. Each is rejected with {@code file:line:} and what is wrong; a byte order mark
 * and CRLF line ends are accepted. The messages are printed at the end (RELIABILITY.md lists them).
 */
class DirectProbeHostileFilesTest {
    private static final List<String> MESSAGES = new ArrayList<>();
    /** Three vectors of dimension 4, for three entities. */
    private static final String GOOD = "0.5 1 -2 3e-2\n1.5 0 0 1\n-0.25 2 2 2\n";

    @TempDir
    Path dir;

    static Stream<Arguments> hostileEmbeddings() {
        return Stream.of(
                hostile(
                        "a ragged row",
                        GOOD.replace("1.5 0 0 1", "1.5 0 0"),
                        2,
                        "expected 4 values (as line 1), found 3"),
                hostile("NaN", GOOD.replace("-0.25 2", "-0.25 NaN"), 3, "value 2 is not finite: 'NaN'"),
                hostile("an infinity", GOOD.replace("1.5 0", "1.5 -Infinity"), 2, "value 2 is not finite"),
                hostile("a double overflow", GOOD.replace("1.5 0", "1.5 1e999"), 2, "value 2 is not finite: '1e999'"),
                hostile("a decimal comma", GOOD.replace("0.5 1", "0,5 1"), 1, "value 1 is not a number: '0,5'"),
                hostile(
                        "fewer vectors than entities",
                        "0.5 1 -2 3e-2\n1.5 0 0 1\n",
                        2,
                        "found 2 vectors, expected 3 (one per example)"),
                hostile("more vectors than entities", GOOD + "1 1 1 1\n", 4, "more vectors than the 3 examples"),
                hostile("a blank line", GOOD.replace("\n1.5", "\n\n1.5"), 2, "empty line; expected a vector"),
                hostile(
                        "a line of 10^6 columns",
                        GOOD.replace("1.5 0 0 1", "1" + " 0".repeat(999_999)),
                        2,
                        "expected 4 values (as line 1), found 1000000"),
                hostile(
                        "a first line of 10^6 columns",
                        GOOD.replace("0.5 1 -2 3e-2", "1" + " 0".repeat(999_999)),
                        1,
                        "1000000 values, more than the 65536"));
    }

    private static Arguments hostile(String what, String text, int line, String phrase) {
        return Arguments.of(what, text.getBytes(StandardCharsets.UTF_8), line, phrase);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileEmbeddings")
    void embeddingsAreRejectedNamingTheLine(String what, byte[] bytes, int line, String phrase) throws IOException {
        Path file = Files.write(dir.resolve("train.txt"), bytes);
        assertRejected(what, file, line, phrase, f -> DirectProbeData.readEmbeddings(f, 3));
    }

    @Test
    void embeddingsNotInUtf8AreRejectedNamingTheLine() throws IOException {
        byte[] bytes = GOOD.replace("-0.25", "-0.25\u00b5").getBytes(StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("latin1.txt"), bytes);
        assertRejected("Latin-1", file, 3, "bytes that are not UTF-8", f -> DirectProbeData.readEmbeddings(f, 3));
    }

    @Test
    void labelsAndEntitiesAreRejectedNamingTheLine() throws IOException {
        Path tags = Files.writeString(dir.resolve("tags.txt"), "NOUN\nVERB\nNOUN\n");
        assertRejected("a label twice", tags, 3, "label 'NOUN' appears twice", DirectProbeData::readLabels);
        Path entities = Files.writeString(dir.resolve("entities.txt"), "dog\tNOUN\nran VERB\n");
        assertRejected(
                "an entity line without a tab",
                entities,
                2,
                "expected 'example<TAB>label', found no tab",
                f -> DirectProbeData.readEntityLabels(f, List.of("NOUN", "VERB")));
    }

    @Test
    void aByteOrderMarkAndCrlfAreAccepted() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Path tags = Files.write(dir.resolve("tags.txt"), concat(bom, "VERB\r\nNOUN\r\n"));
        assertThat(DirectProbeData.readLabels(tags)).containsExactly("NOUN", "VERB");
        Path entities = Files.write(dir.resolve("entities.txt"), concat(bom, "dog\tNOUN\r\nran\tVERB\r\n"));
        assertThat(DirectProbeData.readEntityLabels(entities, List.of("NOUN", "VERB")))
                .containsExactly("NOUN", "VERB");
        Path embeddings = Files.write(dir.resolve("train.txt"), concat(bom, GOOD.replace("\n", "\r\n")));
        Path plain = Files.writeString(dir.resolve("plain.txt"), GOOD);
        assertThat(DirectProbeData.readEmbeddings(embeddings, 3))
                .isDeepEqualTo(DirectProbeData.readEmbeddings(plain, 3));
    }

    private void assertRejected(String what, Path file, int line, String phrase, Function<Path, ?> read) {
        BadFileException e = catchThrowableOfType(BadFileException.class, () -> read.apply(file));
        assertThat(e).as(what).isNotNull();
        assertThat(e.getMessage()).startsWith(file + ":" + line + ": ").contains(phrase);
        assertThat(e.getMessage().length()).as("a message of a line").isLessThan(300);
        synchronized (MESSAGES) {
            MESSAGES.add(what + ": " + e.getMessage().replace(dir.toString(), "DIR"));
        }
    }

    private static byte[] concat(byte[] head, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    @AfterAll
    static void printMessages() {
        MESSAGES.stream().sorted().forEach(m -> System.out.println("HOSTILE directprobe, " + m));
    }
}
