package dev.ftprobe.tasks.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the corpus files are read from: a data directory given by the user ({@code --data-dir}, laid out like
 * {@code ../shared/data}), or the download cache. The cache is, in order: the system property
 * {@code ftprobe.data.cache}, the environment variable {@code FTPROBE_DATA_CACHE}, or {@code ~/.cache/ftprobe/data}.
 */
public final class DataSource {
    public static final String CACHE_PROPERTY = "ftprobe.data.cache";
    public static final String CACHE_ENV = "FTPROBE_DATA_CACHE";

    private final Path dir;
    private final boolean cache;

    private DataSource(Path dir, boolean cache) {
        this.dir = dir.toAbsolutePath().normalize();
        this.cache = cache;
    }

    /** Files under a user-given directory. */
    public static DataSource dataDir(Path dir) {
        return new DataSource(dir, false);
    }

    /** Files under a download cache directory. */
    public static DataSource cache(Path dir) {
        return new DataSource(dir, true);
    }

    /** {@code --data-dir} when given, otherwise the default cache. */
    public static DataSource of(Path dataDirOrNull) {
        return dataDirOrNull != null ? dataDir(dataDirOrNull) : cache(defaultCacheDir());
    }

    public static Path defaultCacheDir() {
        String prop = System.getProperty(CACHE_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv(CACHE_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "ftprobe", "data");
    }

    public Path dir() {
        return dir;
    }

    public boolean isCache() {
        return cache;
    }

    /** The paths of {@code files}, all of which must exist; otherwise one error lists every missing one. */
    public List<Path> require(List<DataFile> files) {
        List<DataFile> missing = files.stream()
                .filter(f -> !Files.isRegularFile(f.resolveIn(dir)))
                .toList();
        if (!missing.isEmpty()) {
            throw DataMissingException.of(dir, cache, missing);
        }
        return files.stream().map(f -> f.resolveIn(dir)).toList();
    }

    public Path require(DataFile file) {
        return require(List.of(file)).get(0);
    }

    @Override
    public String toString() {
        return (cache ? "cache " : "data dir ") + dir;
    }
}
