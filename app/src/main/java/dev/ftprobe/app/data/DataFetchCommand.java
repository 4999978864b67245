package dev.ftprobe.app.data;

import dev.ftprobe.tasks.data.DataFetcher;
import dev.ftprobe.tasks.data.DataMissingException;
import dev.ftprobe.tasks.data.DataSource;
import dev.ftprobe.tasks.data.FetchResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ftprobe data fetch}: downloads the public corpora into the cache. */
@Command(
        name = "fetch",
        mixinStandardHelpOptions = true,
        description = {
            "Download UD English PUD r2.8, STREUSLE 4.2 (train/dev/test JSON) and the TREC files from their "
                    + "public locations into the cache, verifying sha256 where it is pinned and writing atomically.",
            "With --offline, only check that the cache is complete."
        })
public final class DataFetchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--cache-dir", description = "where to put the files (default: ${DEFAULT-VALUE})")
    Path cacheDir = DataSource.defaultCacheDir();

    @Option(names = "--offline", description = "download nothing; report what is missing")
    boolean offline;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<FetchResult> results = DataFetcher.builder()
                    .setCacheDir(cacheDir)
                    .optOffline(offline)
                    .build()
                    .fetch();
            for (FetchResult r : results) {
                out.printf(
                        "%-15s %s  sha256 %s%s%n",
                        r.status().name().toLowerCase(Locale.ROOT),
                        r.path(),
                        r.sha256(),
                        r.verified() ? " (verified)" : " (no pinned checksum; read completely instead)");
            }
            out.flush();
            return 0;
        } catch (DataMissingException | IOException e) {
            err.println("ftprobe data fetch: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
