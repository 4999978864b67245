package dev.ftprobe.app.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server program a test starts on a free loopback port (Prometheus, Alertmanager): its output goes to a log file, it
 * is ready when {@code readyPath} answers 200, and closing it stops it (SIGTERM, then SIGKILL).
 */
final class LocalServer implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(60);

    private final String name;
    private final Process process;
    private final URI base;
    private final Path log;

    private LocalServer(String name, Process process, URI base, Path log) {
        this.name = name;
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** A free TCP port on the loopback address (free when asked; the server binds it right after). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code command} (which listens on 127.0.0.1:{@code port}) in {@code dir} and waits until {@code readyPath}
     * answers 200; fails with the program's log when it exits or is not ready in time.
     */
    static LocalServer start(String name, List<String> command, Path dir, int port, String readyPath)
            throws IOException, InterruptedException {
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(new ArrayList<>(command))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        LocalServer server = new LocalServer(name, p, URI.create("http://127.0.0.1:" + port), log);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited " + p.exitValue() + ": " + server.log());
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(server.base.resolve(readyPath)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        server.close();
        throw new IllegalStateException(name + " was not ready within " + READY + ": " + server.log());
    }

    URI base() {
        return base;
    }

    /** What the program has printed so far. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public String toString() {
        return name + " at " + base;
    }
}
