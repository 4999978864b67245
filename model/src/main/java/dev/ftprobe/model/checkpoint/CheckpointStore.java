package dev.ftprobe.model.checkpoint;

import dev.ftprobe.model.BertConfig;
import dev.ftprobe.model.tokenizer.Vocabulary;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.MessageDigestAlgorithms;

/**
 * A directory of content-addressed checkpoint files, shared by the trainer (which writes) and the extractor (which
 * reads).
 *
 * <p>Format: one file per checkpoint, {@code objects/<sha256>.ckpt.zip}, a canonical zip archive of an HF-layout model:
 * the entries {@code config.json}, {@code vocab.txt} and {@code model.safetensors} (encoder tensors under
 * {@code bert.}, the task head as {@code classifier.*}), in that order, with a fixed timestamp and no compression
 * (float weights do not compress; level 0 keeps writing cheap). The same weights give the same bytes, hence the same
 * name. The sha256 is of the whole file, so a checkpoint event's URI, sha256 and size identify and verify it
 * completely.
 *
 * <p>Durability: the archive is written to {@code tmp/}, forced to disk, renamed atomically into {@code objects/} and
 * the directory is forced; only then does {@link #put} return, so an event published afterwards never names a file that
 * a crash could lose or leave half-written.
 */
public final class CheckpointStore {
    public static final String OBJECTS = "objects";
    public static final String TMP = "tmp";
    public static final String SUFFIX = ".ckpt.zip";
    /** 1980-01-01, the earliest time a zip entry can hold: a fixed value keeps archives canonical. */
    private static final long ENTRY_TIME = 315532800000L;

    private final Path root;

    public CheckpointStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root.resolve(OBJECTS));
        Files.createDirectories(this.root.resolve(TMP));
    }

    public Path root() {
        return root;
    }

    /** Where a stored checkpoint is, its sha256 (hex) and size in bytes. */
    public record Stored(URI uri, String sha256, long sizeBytes) {}

    /**
     * Writes a checkpoint durably and returns its address. Writing the same content twice is harmless: the second write
     * finds the file in place.
     *
     * @param encoder encoder tensors by HF name without {@code bert.}
     * @param others other tensors (the task head) by their full name
     */
    public Stored put(BertConfig config, Vocabulary vocab, Map<String, Tensor> encoder, Map<String, Tensor> others)
            throws IOException {
        Path tmp = Files.createTempFile(root.resolve(TMP), "ckpt-", ".zip.part");
        try {
            MessageDigest digest = DigestUtils.getSha256Digest();
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream raw = new NonClosing(Channels.newOutputStream(ch));
                try (ZipOutputStream zip =
                        new ZipOutputStream(new DigestOutputStream(new BufferedOutputStream(raw, 1 << 20), digest))) {
                    zip.setLevel(Deflater.NO_COMPRESSION);
                    entry(zip, CheckpointDirs.HF_CONFIG);
                    zip.write(config.toHfJson().getBytes(StandardCharsets.UTF_8));
                    entry(zip, CheckpointDirs.VOCAB);
                    zip.write(vocabBytes(vocab));
                    entry(zip, CheckpointDirs.HF_WEIGHTS);
                    Map<String, Tensor> all = new LinkedHashMap<>();
                    encoder.forEach((k, v) -> all.put("bert." + k, v));
                    all.putAll(others);
                    SafeTensors.write(all, new NonClosing(zip));
                    zip.closeEntry();
                }
                ch.force(true);
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            long size = Files.size(tmp);
            Path target = path(sha);
            if (Files.exists(target) && Files.size(target) == size) {
                Files.delete(tmp);
            } else {
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                forceDirectory(target.getParent());
            }
            return new Stored(target.toUri(), sha, size);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** The file a checkpoint with this sha256 has in this store. */
    public Path path(String sha256) {
        return root.resolve(OBJECTS).resolve(sha256 + SUFFIX);
    }

    /**
     * Reads a checkpoint file after checking that it exists, has the given size and sha256.
     *
     * @throws CheckpointUnavailableException when it is missing, differs or does not parse
     */
    public static Checkpoint read(URI uri, String sha256, long sizeBytes) {
        Path file = verify(uri, sha256, sizeBytes);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("ftprobe-ckpt-");
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file), StandardCharsets.UTF_8)) {
                ZipEntry e;
                while ((e = zip.getNextEntry()) != null) {
                    String name = e.getName();
                    if (!name.equals(CheckpointDirs.HF_CONFIG)
                            && !name.equals(CheckpointDirs.VOCAB)
                            && !name.equals(CheckpointDirs.HF_WEIGHTS)) {
                        throw new CheckpointUnavailableException(uri + ": unexpected entry '" + name + "'");
                    }
                    Files.copy(zip, dir.resolve(name));
                }
            }
            Checkpoint c = CheckpointDirs.readHf(dir);
            return new Checkpoint(c.config(), c.vocabulary(), c.tensors(), uri.toString());
        } catch (IOException | RuntimeException e) {
            if (e instanceof CheckpointUnavailableException cu) {
                throw cu;
            }
            throw new CheckpointUnavailableException(uri + ": not a readable checkpoint: " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                deleteQuietly(dir);
            }
        }
    }

    /** The local file of {@code uri} once its size and sha256 are checked. */
    public static Path verify(URI uri, String sha256, long sizeBytes) {
        Path file;
        try {
            file = Path.of(uri);
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw new CheckpointUnavailableException("checkpoint URI " + uri + " is not a local file URI");
        }
        if (!Files.isRegularFile(file)) {
            throw new CheckpointUnavailableException("checkpoint file " + file + " is missing");
        }
        try {
            long size = Files.size(file);
            // a file truncated or extended after its event is hashed too, so that every mismatch is reported
            // the same way: the sha256 the file has against the one its event recorded
            String actual = sha256(file);
            if (size != sizeBytes) {
                throw new CheckpointUnavailableException("checkpoint file " + file + " has sha256 " + actual
                        + " and " + size + " bytes, the event says sha256 " + sha256 + " and " + sizeBytes
                        + " bytes");
            }
            if (!actual.equalsIgnoreCase(sha256)) {
                throw new CheckpointUnavailableException(
                        "checkpoint file " + file + " has sha256 " + actual + ", the event says sha256 " + sha256);
            }
        } catch (IOException e) {
            throw new CheckpointUnavailableException("cannot read checkpoint file " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    public static String sha256(Path file) throws IOException {
        return new DigestUtils(MessageDigestAlgorithms.SHA_256).digestAsHex(file);
    }

    private static void entry(ZipOutputStream zip, String name) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(ENTRY_TIME);
        zip.putNextEntry(e);
    }

    private static byte[] vocabBytes(Vocabulary vocab) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < vocab.size(); i++) {
            sb.append(vocab.token(i)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void forceDirectory(Path dir) {
        // makes the rename durable on Linux; other systems may refuse to open a directory
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // best effort
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temporary files only
        }
    }

    /** Passes writes through but not close, so that an outer stream can finish an entry. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
