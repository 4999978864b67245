package dev.ftprobe.app.directprobe;

import com.fasterxml.jackson.core.io.NumberInput;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.geometry.LabelledPoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Reads the original DirectProbe's data layout: {@code labels/tags.txt} (one label per line),
 * {@code entities/train.txt} and {@code entities/test.txt} ({@code example<TAB>label} per line) and embeddings files
 * with one whitespace-separated vector per line, in the entities' order. Labels get ids in sorted name order, as the
 * original does. Files are UTF-8; a byte order mark is skipped and CRLF reads as LF, since real files have both. Errors
 * name the file and line. Public for {@code ftprobe probe}, which reads the same layout.
 */
public final class DirectProbeData {
    private static final String BOM = "\uFEFF";

    private DirectProbeData() {}

    /** A bad input file: the message starts with {@code file:line:}. */
    public static final class BadFileException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadFileException(Path file, int line, String message) {
            super(file + (line > 0 ? ":" + line : "") + ": " + message);
        }
    }

    public static List<String> readLabels(Path tags) {
        Set<String> labels = new LinkedHashSet<>();
        int lineNo = 0;
        for (String line : lines(tags)) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (!labels.add(t)) {
                throw new BadFileException(tags, lineNo, "label '" + t + "' appears twice");
            }
        }
        if (labels.isEmpty()) {
            throw new BadFileException(tags, 0, "no labels");
        }
        return labels.stream().sorted().toList();
    }

    /** The label of each line of an entities file. */
    public static List<String> readEntityLabels(Path entities, List<String> labels) {
        Set<String> known = Set.copyOf(labels);
        List<String> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : lines(entities)) {
            lineNo++;
            if (line.isBlank()) {
                throw new BadFileException(entities, lineNo, "empty line; expected 'example<TAB>label'");
            }
            int tab = line.lastIndexOf('\t');
            if (tab < 0) {
                throw new BadFileException(entities, lineNo, "expected 'example<TAB>label', found no tab");
            }
            String label = line.substring(tab + 1).strip();
            if (!known.contains(label)) {
                throw new BadFileException(entities, lineNo, "label '" + label + "' is not in the label set");
            }
            out.add(label);
        }
        if (out.isEmpty()) {
            throw new BadFileException(entities, 0, "no examples");
        }
        return out;
    }

    /**
     * Reads {@code expected} vectors of equal length. A real set is 13 million numbers (17,015 x 768), so the lines are
     * parsed in parallel, split by hand instead of by a regular expression, and each number by Jackson's
     * {@link NumberInput#parseDouble(String, boolean)} with its fast parser (FastDoubleParser, bundled in jackson-core:
     * the same double as {@link Double#parseDouble}, correctly rounded, several times faster).
     */
    public static double[][] readEmbeddings(Path file, int expected) {
        List<String> lines = readLines(file);
        int count = Math.min(lines.size(), expected + 1);
        for (int i = 0; i < count; i++) {
            if (lines.get(i).isBlank()) {
                throw new BadFileException(file, i + 1, "empty line; expected a vector");
            }
        }
        if (lines.size() > expected) {
            throw new BadFileException(file, expected + 1, "more vectors than the " + expected + " examples");
        }
        if (lines.size() < expected) {
            throw new BadFileException(
                    file,
                    lines.size(),
                    "found " + lines.size() + " vectors, expected " + expected + " (one per example)");
        }
        double[][] rows = new double[expected][];
        int dim = countFields(lines.get(0));
        if (dim > EmbeddingBatch.MAX_DIM) {
            throw new BadFileException(
                    file, 1, dim + " values, more than the " + EmbeddingBatch.MAX_DIM + " of the largest vector read");
        }
        BadFileException[] bad = new BadFileException[expected];
        IntStream.range(0, expected).parallel().forEach(i -> {
            try {
                rows[i] = parse(file, i + 1, lines.get(i), dim);
            } catch (BadFileException e) {
                bad[i] = e;
            }
        });
        // the first bad line in file order, whichever thread found it
        for (BadFileException e : bad) {
            if (e != null) {
                throw e;
            }
        }
        return rows;
    }

    private static double[] parse(Path file, int lineNo, String line, int dim) {
        // counted before the values are cut out, so that a ragged line of a million values costs no million strings
        int found = countFields(line);
        if (found != dim) {
            throw new BadFileException(file, lineNo, "expected " + dim + " values (as line 1), found " + found);
        }
        List<String> parts = fields(line);
        double[] v = new double[dim];
        for (int k = 0; k < dim; k++) {
            String text = parts.get(k);
            try {
                v[k] = NumberInput.parseDouble(text, true);
            } catch (NumberFormatException e) {
                throw new BadFileException(file, lineNo, "value " + (k + 1) + " is not a number: '" + text + "'");
            }
            if (!Double.isFinite(v[k])) {
                throw new BadFileException(file, lineNo, "value " + (k + 1) + " is not finite: '" + text + "'");
            }
        }
        return v;
    }

    /** The number of whitespace-separated fields of a line. */
    private static int countFields(String line) {
        int n = 0;
        boolean inField = false;
        for (int i = 0; i < line.length(); i++) {
            boolean space = Character.isWhitespace(line.charAt(i));
            if (!space && !inField) {
                n++;
            }
            inField = !space;
        }
        return n;
    }

    /** The whitespace-separated fields of a line. */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>(1024);
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            int from = i;
            while (i < n && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i > from) {
                out.add(line.substring(from, i));
            }
        }
        return out;
    }

    public static LabelledPoints points(double[][] rows, List<String> entityLabels, List<String> labels) {
        Map<String, Integer> id = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            id.put(labels.get(i), i);
        }
        int[] ids = entityLabels.stream().mapToInt(id::get).toArray();
        return LabelledPoints.ofRows(rows, ids, labels);
    }

    private static List<String> lines(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadFileException(file, 0, "missing");
        }
        return readLines(file);
    }

    /**
     * The lines of a UTF-8 file, ended by LF, CRLF or CR, without a leading byte order mark (Windows editors write
     * one). Bytes that are not UTF-8 are an error naming their line.
     */
    private static List<String> readLines(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new BadFileException(
                    file, undecodableLine(file), "bytes that are not UTF-8 (a file in another encoding?)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (!lines.isEmpty() && lines.get(0).startsWith(BOM)) {
            lines = new ArrayList<>(lines);
            lines.set(0, lines.get(0).substring(BOM.length()));
        }
        return lines;
    }

    /** The line of the first bytes that do not decode as UTF-8 (read again only to say where). */
    private static int undecodableLine(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, CharBuffer.allocate(bytes.length), true);
        int line = 1;
        for (int i = 0; i < in.position(); i++) {
            // a CR alone ends a line too, as readAllLines has it
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 == bytes.length || bytes[i + 1] != '\n'))) {
                line++;
            }
        }
        return line;
    }
}
