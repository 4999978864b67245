package dev.ftprobe.tasks.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One corpus file: where it lies under a data directory, where it is published, and its sha256 where we know the
 * published bytes.
 *
 * @param relativePath its path under a data directory (the layout of {@code ../shared/data})
 * @param url its canonical public location
 * @param sha256 the lowercase hex sha256 of the published file, or empty where it is not pinned
 * @param corpus the corpus it belongs to, for messages
 */
public record DataFile(String relativePath, URI url, Optional<String> sha256, String corpus) {
    public DataFile {
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(corpus, "corpus");
        sha256 = sha256.map(s -> s.toLowerCase(Locale.ROOT));
        if (Path.of(relativePath).isAbsolute() || relativePath.contains("..")) {
            throw new IllegalArgumentException("relative path expected: " + relativePath);
        }
    }

    public Path resolveIn(Path dataDir) {
        return dataDir.resolve(relativePath);
    }
}
