package dev.ftprobe.tasks.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.management.ThreadMXBean;
import dev.ftprobe.tasks.Fixtures;
import dev.ftprobe.tasks.conllu.ConlluReader;
import dev.ftprobe.tasks.streusle.StreusleReader;
import dev.ftprobe.tasks.trec.TrecReader;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile corpus files, written here in a temporary directory: each reader stops with a {@link MalformedDataException}
 * that names the file and the line and says what is wrong, and reads a file of one huge line within bounded memory. A
 * byte order mark and CRLF or CR line ends are accepted: real files have them. The messages are printed at the end
 * (RELIABILITY.md, "Hostile input files", lists them).
 */
class HostileFilesTest {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final List<String> MESSAGES = new ArrayList<>();

    private static final String CONLLU = String.join(
            "\n",
            "# sent_id = a",
            "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_",
            "2\tdog\tdog\tNOUN\tNN\t_\t0\troot\t_\t_",
            "",
            "# sent_id = b",
            "1\tGo\tgo\tVERB\tVB\t_\t0\troot\t_\t_",
            "");
    private static final String STREUSLE = "[\n"
            + "{\"sent_id\": \"a\", \"toks\": [{\"#\": 1, \"word\": \"in\"}, {\"#\": 2, \"word\": \"dog\"}],"
            + " \"swes\": {\"1\": {\"lexcat\": \"P\", \"ss\": \"p.Locus\", \"ss2\": \"p.Locus\", \"toknums\": [1]}},"
            + " \"smwes\": {}},\n"
            + "{\"sent_id\": \"b\", \"toks\": [{\"#\": 1, \"word\": \"at\"}],"
            + " \"swes\": {\"1\": {\"lexcat\": \"P\", \"ss\": \"p.Time\", \"ss2\": \"p.Time\", \"toknums\": [1]}}}\n"
            + "]\n";
    private static final String TREC = "LOC:city Where is the dog ?\nHUM:ind Who was Pel\u00e9 's coach ?\n";

    /** A huge line: over any line buffer, far under what holding it would take. */
    private static final int HUGE = 16 << 20;
    /** What reading a file of one {@link #HUGE} line may allocate: the line limit, buffers, the error. */
    private static final long BOUNDED = 4L << 20;

    @TempDir
    Path dir;

    interface Reader {
        Object read(Path file) throws IOException;
    }

    enum Format {
        CONLLU(ConlluReader::read, "x.conllu"),
        STREUSLE(StreusleReader::read, "x.json"),
        TREC(TrecReader::read, "x.label");

        final Reader reader;
        final String fileName;

        Format(Reader reader, String fileName) {
            this.reader = reader;
            this.fileName = fileName;
        }
    }

    static Stream<Arguments> hostileFiles() {
        String conlluLine2 = "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_";
        return Stream.of(
                // wrong encodings
                hostile(
                        Format.CONLLU,
                        "Latin-1",
                        latin1(CONLLU.replace("dog\tdog", "d\u00f6g\td\u00f6g")),
                        3,
                        "expected UTF-8 text"),
                hostile(
                        Format.CONLLU,
                        "UTF-16 with its byte order mark",
                        bytes(CONLLU, StandardCharsets.UTF_16),
                        1,
                        "UTF-16 or UTF-32 byte order mark"),
                hostile(Format.CONLLU, "UTF-16LE", bytes(CONLLU, StandardCharsets.UTF_16LE), 1, "a NUL character"),
                hostile(Format.STREUSLE, "Latin-1", latin1(STREUSLE.replace("dog", "d\u00f6g")), 2, "Invalid UTF-8"),
                hostile(Format.TREC, "UTF-8", utf8(TREC), 2, "are UTF-8 for '\u00e9'"),
                hostile(
                        Format.TREC,
                        "UTF-16 with its byte order mark",
                        bytes(TREC, StandardCharsets.UTF_16),
                        1,
                        "UTF-16 or UTF-32 byte order mark"),
                hostile(Format.TREC, "UTF-16LE", bytes(TREC, StandardCharsets.UTF_16LE), 1, "a NUL character"),
                // overlong lines and a million columns
                hostile(
                        Format.CONLLU,
                        "a line of 100,000 characters",
                        utf8(CONLLU.replace(conlluLine2, "x".repeat(100_000))),
                        2,
                        "a line longer than 65536 characters"),
                hostile(
                        Format.CONLLU,
                        "a line of 10^6 columns",
                        utf8(CONLLU.replace(conlluLine2, "1" + "\t_".repeat(999_999))),
                        2,
                        "a line longer than 65536 characters"),
                hostile(
                        Format.CONLLU,
                        "a line of 30,000 columns",
                        utf8(CONLLU.replace(conlluLine2, "1" + "\t_".repeat(29_999))),
                        2,
                        "expected 10 tab-separated columns, found 30000"),
                hostile(
                        Format.TREC,
                        "a line of 100,000 characters",
                        latin1(TREC + "x".repeat(100_000) + "\n"),
                        3,
                        "a line longer than 65536 characters"),
                hostile(
                        Format.TREC,
                        "a line of 10^6 columns",
                        latin1("LOC:city" + " a".repeat(1_000_000) + "\n"),
                        1,
                        "a line longer than 65536 characters"),
                hostile(
                        Format.STREUSLE,
                        "a word of 100,000 characters",
                        utf8(STREUSLE.replace("\"dog\"", "\"" + "x".repeat(100_000) + "\"")),
                        2,
                        "exceeds the maximum allowed (65536"),
                hostile(
                        Format.STREUSLE,
                        "a line of 10^6 columns (token numbers)",
                        utf8(STREUSLE.replace(
                                "\"toknums\": [1]}}, \"smwes\"",
                                "\"toknums\": [1" + ", 1".repeat(999_999) + "]}}, \"smwes\"")),
                        2,
                        "expected at most 10000 token numbers"),
                hostile(
                        Format.STREUSLE,
                        "a sentence of 20,000 tokens",
                        utf8(STREUSLE.replace("{\"#\": 2, \"word\": \"dog\"}", tokens(20_000))),
                        2,
                        "expected at most 10000 tokens"),
                hostile(
                        Format.STREUSLE,
                        "10^5 nested arrays in a skipped field",
                        utf8(STREUSLE.replace("\"smwes\": {}", "\"x\": " + "[".repeat(100_000))),
                        2,
                        "nesting depth"),
                hostile(
                        Format.CONLLU,
                        "a sentence of 10,001 words",
                        utf8(words(10_001)),
                        10_002,
                        "expected at most 10000 words in a sentence"),
                // missing fields and truncation
                hostile(
                        Format.CONLLU,
                        "a word line of 9 columns",
                        utf8(CONLLU.replace("\tdet\t_\t_", "\tdet\t_")),
                        2,
                        "expected 10 tab-separated columns, found 9"),
                hostile(
                        Format.CONLLU,
                        "an empty UPOS",
                        utf8(CONLLU.replace("\tDET\t", "\t\t")),
                        2,
                        "column UPOS: expected a value"),
                hostile(
                        Format.STREUSLE,
                        "a sentence without swes",
                        utf8(STREUSLE.replace(
                                "\"swes\": {\"1\": {\"lexcat\": \"P\", \"ss\": \"p.Time\", \"ss2\": \"p.Time\", "
                                        + "\"toknums\": [1]}}",
                                "\"other\": 1")),
                        3,
                        "expected field swes"),
                hostile(
                        Format.STREUSLE,
                        "a token without its word",
                        utf8(STREUSLE.replace(", \"word\": \"dog\"", "")),
                        2,
                        "expected field 'word'"),
                hostile(
                        Format.STREUSLE,
                        "a truncated file",
                        utf8(STREUSLE.substring(0, 60)),
                        2,
                        "expected well-formed JSON"),
                hostile(
                        Format.TREC,
                        "a label without a question",
                        latin1("LOC:city\n"),
                        1,
                        "expected a question after the label"),
                hostile(
                        Format.TREC,
                        "a question without a label",
                        latin1(TREC + "Where is it ?\n"),
                        3,
                        "expected a label 'COARSE:fine'"),
                // duplicate ids
                hostile(
                        Format.CONLLU,
                        "a duplicate sent_id",
                        utf8(CONLLU.replace("sent_id = b", "sent_id = a")),
                        5,
                        "'a' occurs twice"),
                hostile(
                        Format.STREUSLE,
                        "a duplicate sent_id",
                        utf8(STREUSLE.replace("\"b\"", "\"a\"")),
                        3,
                        "expected a unique sent_id"),
                hostile(
                        Format.CONLLU,
                        "duplicate word ids",
                        utf8(CONLLU.replace("2\tdog", "1\tdog")),
                        3,
                        "expected word id 2, found 1"));
    }

    private static Arguments hostile(Format format, String what, byte[] bytes, long line, String phrase) {
        return Arguments.of(format, what, bytes, line, phrase);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hostileFiles")
    void isRejectedNamingTheFileAndLine(Format format, String what, byte[] bytes, long line, String phrase) {
        Path file = Fixtures.writeBytes(dir, format.fileName, bytes);
        MalformedDataException e = catchThrowableOfType(MalformedDataException.class, () -> format.reader.read(file));
        assertThat(e).as("%s %s", format, what).isNotNull();
        assertThat(e.file()).isEqualTo(file);
        assertThat(e.getMessage())
                .startsWith(file + ": ")
                .contains("line " + line)
                .contains(phrase);
        assertThat(e.getMessage().length()).as("a message of a line").isLessThan(400);
        synchronized (MESSAGES) {
            MESSAGES.add(format + ", " + what + ": " + e.getMessage().replace(dir.toString(), "DIR"));
        }
    }

    @Test
    void aByteOrderMarkCrlfAndCrReadAsThePlainFile() throws IOException {
        for (Format f : Format.values()) {
            String text = f == Format.CONLLU ? CONLLU : f == Format.STREUSLE ? STREUSLE : TREC;
            Charset cs = f == Format.TREC ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
            Object plain = f.reader.read(Fixtures.writeBytes(dir, "plain-" + f.fileName, bytes(text, cs)));
            byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
            byte[] crlf = bytes(text.replace("\n", "\r\n"), cs);
            byte[] withBom = new byte[bom.length + crlf.length];
            System.arraycopy(bom, 0, withBom, 0, bom.length);
            System.arraycopy(crlf, 0, withBom, bom.length, crlf.length);
            assertThat(f.reader.read(Fixtures.writeBytes(dir, "bom-" + f.fileName, withBom)))
                    .as("%s with a BOM and CRLF", f)
                    .isEqualTo(plain);
            assertThat(f.reader.read(Fixtures.writeBytes(dir, "cr-" + f.fileName, bytes(text.replace("\n", "\r"), cs))))
                    .as("%s with CR line ends", f)
                    .isEqualTo(plain);
        }
        // JSON may be UTF-16 or UTF-32 (RFC 8259 section 8.1 asks for UTF-8 between systems; Jackson detects them)
        Object plain = StreusleReader.read(Fixtures.writeBytes(dir, "p.json", utf8(STREUSLE)));
        assertThat(StreusleReader.read(Fixtures.writeBytes(dir, "u16.json", bytes(STREUSLE, StandardCharsets.UTF_16))))
                .isEqualTo(plain);
    }

    @Test
    void aFileOfOneHugeLineIsReadWithinBoundedMemory() throws IOException {
        for (Format f : List.of(Format.CONLLU, Format.TREC)) {
            Path file = hugeLine(f.fileName, "", "");
            assertBounded(f, file, "a line longer than 65536 characters");
        }
        // a huge value that is read (a word), and one that is skipped: streamed past, the file reads
        assertBounded(
                Format.STREUSLE,
                hugeLine("word.json", "[{\"sent_id\": \"a\", \"toks\": [{\"#\": 1, \"word\": \"", "\"}]}]"),
                "exceeds the maximum allowed (65536");
        Path skipped = hugeLine(
                "skipped.json",
                "[{\"sent_id\": \"a\", \"toks\": [{\"#\": 1, \"word\": \"in\"}], \"swes\": {}, \"text\": \"",
                "\"}]");
        long before = THREADS.getCurrentThreadAllocatedBytes();
        assertThat(StreusleReader.read(skipped)).hasSize(1);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).isLessThan(BOUNDED);
        synchronized (MESSAGES) {
            MESSAGES.add("STREUSLE, a skipped string of " + HUGE + " bytes: read (" + allocated + " bytes allocated)");
        }
    }

    private void assertBounded(Format f, Path file, String phrase) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        MalformedDataException e = catchThrowableOfType(MalformedDataException.class, () -> f.reader.read(file));
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(e).as("%s of one %d-byte line", f, HUGE).isNotNull();
        assertThat(e.getMessage()).contains("line 1").contains(phrase);
        assertThat(allocated).as("bytes allocated reading %s", file).isLessThan(BOUNDED);
        synchronized (MESSAGES) {
            MESSAGES.add(f + ", one line of " + HUGE + " bytes: "
                    + e.getMessage().replace(dir.toString(), "DIR") + " (" + allocated + " bytes allocated)");
        }
    }

    /** A file of {@code head}, {@link #HUGE} letters and {@code tail}, written without holding it. */
    private Path hugeLine(String name, String head, String tail) throws IOException {
        Path file = dir.resolve(name);
        byte[] block = "a".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(utf8(head));
            for (int written = 0; written < HUGE; written += block.length) {
                out.write(block);
            }
            out.write(utf8(tail));
        }
        return file;
    }

    private static String tokens(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 2; i <= n; i++) {
            s.append(i > 2 ? ", " : "").append("{\"#\": ").append(i).append(", \"word\": \"w\"}");
        }
        return s.toString();
    }

    private static String words(int n) {
        StringBuilder s = new StringBuilder("# sent_id = long\n");
        for (int i = 1; i <= n; i++) {
            s.append(i).append("\tw\tw\tX\tX\t_\t0\tdep\t_\t_\n");
        }
        return s.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String s, Charset cs) {
        return s.getBytes(cs);
    }

    @AfterAll
    static void printMessages() {
        MESSAGES.stream().sorted().forEach(m -> System.out.println("HOSTILE " + m));
    }
}
