package dev.ftprobe.app.directprobe;

import dev.ftprobe.geometry.LabelledPoints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the original DirectProbe's data layout: {@code labels/tags.txt} (one label per line),
 * {@code entities/train.txt} and {@code entities/test.txt} ({@code example<TAB>label} per line) and embeddings files
 * with one whitespace-separated vector per line, in the entities' order. Labels get ids in sorted name order, as the
 * original does. Errors name the file and line. Public for {@code ftprobe probe}, which reads the same layout.
 */
public final class DirectProbeData {
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

    /** Reads {@code expected} vectors of equal length. */
    public static double[][] readEmbeddings(Path file, int expected) {
        double[][] rows = new double[expected][];
        int lineNo = 0;
        int dim = -1;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    throw new BadFileException(file, lineNo, "empty line; expected a vector");
                }
                if (lineNo > expected) {
                    throw new BadFileException(file, lineNo, "more vectors than the " + expected + " examples");
                }
                String[] parts = line.strip().split("\\s+");
                if (dim < 0) {
                    dim = parts.length;
                } else if (parts.length != dim) {
                    throw new BadFileException(
                            file, lineNo, "expected " + dim + " values (as line 1), found " + parts.length);
                }
                double[] v = new double[dim];
                for (int k = 0; k < dim; k++) {
                    try {
                        v[k] = Double.parseDouble(parts[k]);
                    } catch (NumberFormatException e) {
                        throw new BadFileException(
                                file, lineNo, "value " + (k + 1) + " is not a number: '" + parts[k] + "'");
                    }
                    if (!Double.isFinite(v[k])) {
                        throw new BadFileException(
                                file, lineNo, "value " + (k + 1) + " is not finite: '" + parts[k] + "'");
                    }
                }
                rows[lineNo - 1] = v;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (lineNo != expected) {
            throw new BadFileException(
                    file, lineNo, "found " + lineNo + " vectors, expected " + expected + " (one per example)");
        }
        return rows;
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
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
