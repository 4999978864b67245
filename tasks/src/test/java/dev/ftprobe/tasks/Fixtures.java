package dev.ftprobe.tasks;

import dev.ftprobe.tasks.data.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The small corpora under {@code src/test/resources/fixture-data}, and helpers to write malformed ones. */
public final class Fixtures {
    private Fixtures() {}

    public static Path dataDir() {
        try {
            return Path.of(Fixtures.class.getResource("/fixture-data").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static DataSource source() {
        return DataSource.dataDir(dataDir());
    }

    /** Writes {@code text} as UTF-8, with lines joined by {@code \n}. */
    public static Path write(Path dir, String name, String... lines) {
        return writeBytes(dir, name, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public static Path writeBytes(Path dir, String name, byte[] bytes) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The UTF-8 byte order mark followed by {@code text} with CRLF line ends. */
    public static byte[] bomCrlf(String text) {
        byte[] body = text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[body.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }
}
