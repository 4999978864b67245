package dev.ftprobe.tasks.data;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Corpus files that are not where they are looked for; the message says how to provide them. */
public final class DataMissingException extends RuntimeException {
    public DataMissingException(String message) {
        super(message);
    }

    public DataMissingException(String message, Throwable cause) {
        super(message, cause);
    }

    static DataMissingException of(Path dir, boolean cache, List<DataFile> missing) {
        String files = missing.stream()
                .map(f -> "  " + f.resolveIn(dir) + "  (" + f.corpus() + ", " + f.url() + ")")
                .collect(Collectors.joining("\n"));
        String how = cache
                ? "Run 'ftprobe data fetch' (online) to download them into the cache, or download them yourself "
                        + "to these paths, "
                        + "or pass --data-dir D where D has the layout of "
                        + "../shared/data."
                : "Pass --data-dir D where D holds these files under these relative paths (the layout of "
                        + "../shared/data), "
                        + "or leave out --data-dir and run 'ftprobe data fetch' to download them into the cache.";
        return new DataMissingException("missing data file(s):\n" + files + "\n" + how);
    }
}
