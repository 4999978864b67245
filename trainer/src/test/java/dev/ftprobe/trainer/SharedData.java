package dev.ftprobe.trainer;


import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** A small data directory cut from {@code ../shared/data}: the first sentences of PUD and the BERT vocabulary. */
public final class SharedData {
    private SharedData() {}

    public static Path shared() {
        String p = System.getProperty("ftprobe.shared.data");
        Path dir = p == null ? Path.of("../../shared/data") : Path.of(p);
        Assumptions.assumeTrue(Files.isDirectory(dir.resolve("ud-english-pud")),
                "shared data not found at " + dir + " (system property ftprobe.shared.data)");
        return dir;
    }

    /** A data dir holding the first {@code sentences} sentences of PUD r2.8, TREC and the uncased vocabulary. */
    public static Path pudSlice(Path target, int sentences) throws IOException {
        Path shared = shared();
        List<String> lines = Files.readAllLines(shared.resolve("ud-english-pud/en_pud-ud-test.conllu"),
                StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String line : lines) {
            out.add(line);
            if (line.isBlank()) {
                n++;
                if (n == sentences) {
                    break;
                }
            }
        }
        Path pud = target.resolve("ud-english-pud/en_pud-ud-test.conllu");
        Files.createDirectories(pud.getParent());
        Files.write(pud, out, StandardCharsets.UTF_8);
        Path vocab = target.resolve(Trainer.DEFAULT_VOCAB);
        Files.createDirectories(vocab.getParent());
        Files.copy(shared.resolve(Trainer.DEFAULT_VOCAB), vocab);
        for (String trec : List.of("trec/train_5500.label", "trec/TREC_10.label")) {
            Files.createDirectories(target.resolve(trec).getParent());
            Files.copy(shared.resolve(trec), target.resolve(trec));
        }
        return target;
    }
}
