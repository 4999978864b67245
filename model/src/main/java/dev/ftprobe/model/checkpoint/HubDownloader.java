package dev.ftprobe.model.checkpoint;

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
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Fetches an HF-layout BERT ({@code config.json}, {@code model.safetensors}, {@code vocab.txt}) through the hub's file
 * URLs {@code <base>/<repo>/resolve/main/<file>} into {@code <cacheDir>/<owner>--<name>/}. Each file is downloaded to a
 * temporary file and renamed into place, so an interrupted download leaves no partial file; files present are reused.
 */
public final class HubDownloader {
    public static final String DEFAULT_BASE = "https://huggingface.co";
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?");
    private static final List<String> FILES =
            List.of(CheckpointDirs.HF_CONFIG, CheckpointDirs.HF_WEIGHTS, CheckpointDirs.VOCAB);

    private final String baseUrl;
    private final Path cacheDir;
    private final HttpClient http;

    public HubDownloader(String baseUrl, Path cacheDir) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.cacheDir = cacheDir;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** The local directory holding the repository's files, downloading what is missing. */
    public Path fetch(String repo) throws IOException {
        if (!REPO.matcher(repo).matches() || repo.contains("..")) {
            throw new IllegalArgumentException("'" + repo + "' is not a hub repository id (owner/name)");
        }
        Path dir = cacheDir.resolve(repo.replace("/", "--"));
        Files.createDirectories(dir);
        for (String f : FILES) {
            Path target = dir.resolve(f);
            if (Files.exists(target)) {
                continue;
            }
            URI uri = URI.create(baseUrl + "/" + repo + "/resolve/main/" + f);
            Path tmp = Files.createTempFile(dir, "." + f, ".part");
            try {
                HttpResponse<InputStream> r =
                        http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = r.body()) {
                    if (r.statusCode() != 200) {
                        throw new IOException("GET " + uri + " answered HTTP " + r.statusCode());
                    }
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while downloading " + uri, e);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return dir;
    }
}
