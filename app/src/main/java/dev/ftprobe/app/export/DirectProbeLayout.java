package dev.ftprobe.app.export;

import dev.ftprobe.analyzer.stream.AssembledSet;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes sets in the original DirectProbe's data layout: {@code labels/tags.txt} (the label names, one a line),
 * {@code entities/<split>.txt} ({@code example id<TAB>label name} per vector, in index order) and
 * {@code embeddings/<split>.txt} (one space-separated vector a line, same order).
 *
 * <p>Each float is written as the decimal of its exact double value ({@code Double.toString((double) f)}), not as
 * {@code Float.toString(f)}: both parse back to the identical float32, but only the former also parses, as a double, to
 * the very value the analyzer widens the float to, so {@code ftprobe directprobe} (which reads doubles) analyses
 * exactly the analyzer's points.
 */
final class DirectProbeLayout {
    private DirectProbeLayout() {}

    static void write(Path dir, Map<String, AssembledSet> sets) throws IOException {
        List<String> labels = ExportedLabels.of(sets.values());
        Path labelsDir = Files.createDirectories(dir.resolve("labels"));
        Path entitiesDir = Files.createDirectories(dir.resolve("entities"));
        Path embeddingsDir = Files.createDirectories(dir.resolve("embeddings"));
        Files.write(labelsDir.resolve("tags.txt"), labels, StandardCharsets.UTF_8);
        for (Map.Entry<String, AssembledSet> e : sets.entrySet()) {
            AssembledSet set = e.getValue();
            try (BufferedWriter w = Files.newBufferedWriter(entitiesDir.resolve(e.getKey() + ".txt"))) {
                for (int i = 0; i < set.size(); i++) {
                    w.write(set.exampleIds()[i] + "\t" + labels.get(set.labelIds()[i]));
                    w.newLine();
                }
            }
            writeVectors(embeddingsDir.resolve(e.getKey() + ".txt"), set);
        }
    }

    private static void writeVectors(Path file, AssembledSet set) throws IOException {
        float[] v = set.vectors();
        int dim = set.dim();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < set.size(); i++) {
                line.setLength(0);
                for (int k = 0; k < dim; k++) {
                    if (k > 0) {
                        line.append(' ');
                    }
                    line.append((double) v[i * dim + k]);
                }
                w.append(line).append('\n');
            }
        }
    }
}
