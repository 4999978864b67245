package dev.ftprobe.model.checkpoint;

import dev.ftprobe.model.BertConfig;
import dev.ftprobe.model.tokenizer.Vocabulary;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Reads model directories in HF or Google layout, and writes HF-layout checkpoints atomically. */
public final class CheckpointDirs {
    public static final String HF_CONFIG = "config.json";
    public static final String HF_WEIGHTS = "model.safetensors";
    public static final String VOCAB = "vocab.txt";
    public static final String GOOGLE_CONFIG = "bert_config.json";
    public static final String GOOGLE_CKPT = "bert_model.ckpt";

    private CheckpointDirs() {}

    /** Reads a directory, telling the layouts apart by their config file. */
    public static Checkpoint read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("model directory " + dir + " does not exist");
        }
        if (Files.exists(dir.resolve(HF_CONFIG))) {
            return readHf(dir);
        }
        if (Files.exists(dir.resolve(GOOGLE_CONFIG))) {
            return readGoogle(dir);
        }
        throw new IOException(dir + " is neither an HF model directory (" + HF_CONFIG + ", "
                + HF_WEIGHTS + ", " + VOCAB + ") nor a Google one (" + GOOGLE_CONFIG + ", "
                + GOOGLE_CKPT + ".index, " + VOCAB + ")");
    }

    public static Checkpoint readHf(Path dir) throws IOException {
        BertConfig config = BertConfig.read(dir.resolve(HF_CONFIG));
        Path weights = require(dir.resolve(HF_WEIGHTS));
        Vocabulary vocab = Vocabulary.read(require(dir.resolve(VOCAB)));
        return new Checkpoint(config, vocab, Checkpoint.normalizeNames(SafeTensors.read(weights)), dir.toString());
    }

    public static Checkpoint readGoogle(Path dir) throws IOException {
        BertConfig config = BertConfig.read(dir.resolve(GOOGLE_CONFIG));
        require(dir.resolve(GOOGLE_CKPT + ".index"));
        Vocabulary vocab = Vocabulary.read(require(dir.resolve(VOCAB)));
        Map<String, Tensor> tf = TfCheckpoint.read(dir.resolve(GOOGLE_CKPT), GoogleNames::isModelVariable);
        return new Checkpoint(config, vocab, Checkpoint.normalizeNames(GoogleNames.toHf(tf)), dir.toString());
    }

    private static Path require(Path p) throws IOException {
        if (!Files.exists(p)) {
            throw new IOException("missing model file " + p);
        }
        return p;
    }

    /**
     * Writes an HF-layout checkpoint ({@code config.json}, {@code model.safetensors} with encoder names under
     * {@code bert.} and other tensors, such as a task head, as named, {@code vocab.txt}) into a fresh sibling directory
     * and renames it into place, so a reader never sees a half-written checkpoint. Fails if {@code dir} exists.
     *
     * @return the sha256 of {@code model.safetensors}, hex
     */
    public static String writeHf(
            Path dir, BertConfig config, Vocabulary vocab, Map<String, Tensor> encoder, Map<String, Tensor> others)
            throws IOException {
        if (Files.exists(dir)) {
            throw new IOException("checkpoint directory " + dir + " already exists");
        }
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".tmp");
        try {
            Files.writeString(tmp.resolve(HF_CONFIG), config.toHfJson());
            vocab.write(tmp.resolve(VOCAB));
            Map<String, Tensor> all = new LinkedHashMap<>();
            encoder.forEach((k, v) -> all.put("bert." + k, v));
            all.putAll(others);
            SafeTensors.write(all, tmp.resolve(HF_WEIGHTS));
            String sha = sha256(tmp.resolve(HF_WEIGHTS));
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir);
            }
            return sha;
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
    }

    public static String sha256(Path file) throws IOException {
        return CheckpointStore.sha256(file);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
