package dev.ftprobe.tasks.data;

import dev.ftprobe.tasks.conllu.ConlluReader;
import dev.ftprobe.tasks.io.MalformedDataException;
import dev.ftprobe.tasks.streusle.StreusleReader;
import dev.ftprobe.tasks.trec.TrecReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.MessageDigestAlgorithms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads the corpus files into a cache directory with {@link java.net.http.HttpClient} (in the JDK, so the module
 * needs no HTTP library). Each file is written to a temporary file beside its target, checked, and only then moved into
 * place atomically, so an interrupted or failed download never leaves a half-written file where a reader would find it.
 * A pinned sha256 must match; a file without one must read completely with its corpus reader.
 *
 * <p>Files already in the cache are kept when their checksum matches (or when none is pinned). Offline, nothing is
 * downloaded and every missing file is reported with how to provide it.
 */
public final class DataFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(DataFetcher.class);

    private final Path cacheDir;
    private final List<DataFile> files;
    private final URI baseUri;
    private final boolean offline;
    private final HttpClient client;
    private final Duration requestTimeout;
    private final Duration stallTimeout;

    private DataFetcher(Builder b) {
        this.cacheDir = Objects.requireNonNull(b.cacheDir, "cacheDir is required: call setCacheDir")
                .toAbsolutePath()
                .normalize();
        this.files = List.copyOf(b.files);
        this.baseUri = b.baseUri;
        this.offline = b.offline;
        this.requestTimeout = b.requestTimeout;
        this.stallTimeout = b.stallTimeout;
        this.client = b.client != null
                ? b.client
                : HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .connectTimeout(Duration.ofSeconds(30))
                        .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Makes every file present in the cache. Failures of single files do not stop the others; at the end one exception
     * lists them all.
     *
     * @throws DataMissingException offline, when files are missing
     * @throws DataFetchException when some download failed (network, HTTP status, checksum, content)
     */
    public List<FetchResult> fetch() throws IOException {
        List<FetchResult> results = new ArrayList<>();
        List<DataFile> missing = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (DataFile file : files) {
            Path target = file.resolveIn(cacheDir);
            if (Files.isRegularFile(target)) {
                String sum = sha256(target);
                if (file.sha256().isEmpty() || file.sha256().get().equals(sum)) {
                    results.add(new FetchResult(
                            file,
                            target,
                            FetchResult.Status.ALREADY_PRESENT,
                            sum,
                            file.sha256().isPresent()));
                    continue;
                }
                LOG.warn(
                        "{} has sha256 {}, expected {}; it will be replaced",
                        target,
                        sum,
                        file.sha256().get());
            }
            if (offline) {
                missing.add(file);
                continue;
            }
            try {
                results.add(download(file, target));
            } catch (DataFetchException e) {
                failures.add(e.getMessage());
            }
        }
        if (!missing.isEmpty()) {
            throw DataMissingException.of(cacheDir, true, missing);
        }
        if (!failures.isEmpty()) {
            throw new DataFetchException(String.join("\n", failures)
                    + "\nDownload these files yourself to the paths given, or pass --data-dir D where D "
                    + "has the layout of ../shared/data.");
        }
        return results;
    }

    private URI sourceOf(DataFile file) {
        return baseUri == null ? file.url() : baseUri.resolve(file.relativePath());
    }

    private FetchResult download(DataFile file, Path target) throws IOException {
        URI uri = sourceOf(file);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        String where = file.relativePath() + " from " + uri;
        try {
            LOG.info("downloading {}", where);
            HttpRequest request =
                    HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while downloading " + where);
            } catch (ConnectException | UnresolvedAddressException e) {
                throw new DataFetchException(
                        "could not download " + where + " to " + target
                                + ": cannot connect (no network, or the host is unreachable): " + e,
                        e);
            } catch (IOException e) {
                throw new DataFetchException("could not download " + where + " to " + target + ": " + e, e);
            }
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new DataFetchException(
                            "could not download " + where + ": HTTP status " + response.statusCode());
                }
                copyWatchingForStalls(body, tmp, where, target);
            }
            String sum = sha256(tmp);
            if (file.sha256().isPresent() && !file.sha256().get().equals(sum)) {
                throw new DataFetchException("checksum mismatch for " + where + ": expected sha256 "
                        + file.sha256().get() + ", got " + sum + "; the file was not kept");
            }
            if (file.sha256().isEmpty()) {
                checkReadable(file, tmp, where);
            }
            moveIntoPlace(tmp, target);
            LOG.info("wrote {} (sha256 {})", target, sum);
            return new FetchResult(
                    file,
                    target,
                    FetchResult.Status.DOWNLOADED,
                    sum,
                    file.sha256().isPresent());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Copies the body to {@code tmp}. The request timeout of {@link HttpClient} ends when the headers arrive, so a body
     * that stops flowing would block for ever: a watchdog closes the stream once no byte has arrived for the stall
     * timeout, and the download fails.
     */
    private void copyWatchingForStalls(InputStream body, Path tmp, String where, Path target) throws IOException {
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ftprobe-fetch-watchdog");
            t.setDaemon(true);
            return t;
        });
        long checkMillis = Math.max(10, stallTimeout.toMillis() / 4);
        watchdog.scheduleWithFixedDelay(
                () -> {
                    if (System.nanoTime() - lastProgress.get() > stallTimeout.toNanos()
                            && stalled.compareAndSet(false, true)) {
                        try {
                            body.close();
                        } catch (IOException ignored) {
                            // the reader sees the closed stream either way
                        }
                    }
                },
                checkMillis,
                checkMillis,
                TimeUnit.MILLISECONDS);
        try (OutputStream out = Files.newOutputStream(tmp)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = body.read(buf)) >= 0) {
                out.write(buf, 0, n);
                lastProgress.set(System.nanoTime());
            }
        } catch (IOException e) {
            if (!stalled.get()) {
                throw new DataFetchException(
                        "could not download " + where + " to " + target
                                + ": the connection failed during the transfer: " + e,
                        e);
            }
        } finally {
            watchdog.shutdownNow();
        }
        if (stalled.get()) {
            throw new DataFetchException("could not download " + where + " to " + target + ": no data arrived for "
                    + stallTimeout.toSeconds() + " s");
        }
    }

    /** A file without a pinned checksum must at least read completely as what it claims to be. */
    private static void checkReadable(DataFile file, Path tmp, String where) throws IOException {
        String name = file.relativePath();
        try {
            if (name.endsWith(".json")) {
                StreusleReader.read(tmp);
            } else if (name.endsWith(".conllu")) {
                ConlluReader.read(tmp);
            } else if (name.endsWith(".label")) {
                TrecReader.read(tmp);
            }
        } catch (MalformedDataException e) {
            throw new DataFetchException(
                    "downloaded " + where + " does not read as " + file.corpus() + ": " + e.location() + ": "
                            + e.getMessage() + "; the file was not kept",
                    e);
        }
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // tmp is in the target's directory, so this only happens on unusual file systems.
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String sha256(Path file) throws IOException {
        return new DigestUtils(MessageDigestAlgorithms.SHA_256).digestAsHex(file);
    }

    public static final class Builder {
        private Path cacheDir;
        private List<DataFile> files = DataFiles.ALL;
        private URI baseUri;
        private boolean offline;
        private HttpClient client;
        private Duration requestTimeout = Duration.ofMinutes(1);
        private Duration stallTimeout = Duration.ofSeconds(60);

        private Builder() {}

        public Builder setCacheDir(Path cacheDir) {
            this.cacheDir = cacheDir;
            return this;
        }

        /** The files to fetch; all of {@link DataFiles#ALL} by default. */
        public Builder optFiles(List<DataFile> files) {
            this.files = files;
            return this;
        }

        /**
         * Fetch every file from {@code base} resolved with the file's relative path instead of its canonical URL (a
         * mirror, or a test server). {@code base} should end with {@code /}.
         */
        public Builder optBaseUri(URI base) {
            this.baseUri = base;
            return this;
        }

        public Builder optOffline(boolean offline) {
            this.offline = offline;
            return this;
        }

        public Builder optHttpClient(HttpClient client) {
            this.client = client;
            return this;
        }

        /** How long to wait for the response headers (default 1 min). */
        public Builder optRequestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** Give up on a download when no byte has arrived for this long (default 60 s). */
        public Builder optStallTimeout(Duration timeout) {
            this.stallTimeout = timeout;
            return this;
        }

        public DataFetcher build() {
            return new DataFetcher(this);
        }
    }
}
