package dev.ftprobe.app.report;

import dev.ftprobe.app.DebianPackage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, headless, for the report's browser test: installed with apt-get when missing
 * ({@link DebianPackage}), run with a fresh profile, no network, no GPU.
 */
final class Chromium {
    private static final DebianPackage PACKAGE = DebianPackage.of("chromium", "/usr/bin/chromium");

    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    /**
     * The browser, installed first where it is missing; the test is skipped where it cannot be installed, and fails on
     * CI ({@link DebianPackage#require}).
     */
    static Chromium require() throws IOException, InterruptedException {
        return new Chromium(PACKAGE.require());
    }

    /** What one headless run printed: the DOM on standard output, the browser's log on standard error. */
    record Output(int exit, String stdout, String stderr) {
        /** The page's console messages, as the browser logs them ({@code --enable-logging=stderr --v=0}). */
        List<String> consoleLines() {
            return stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
        }
    }

    /** Loads {@code page} and prints its DOM after the load event (its scripts have run). */
    Output dumpDom(Path page, Path profile) throws IOException, InterruptedException {
        return headless(page, profile, List.of("--dump-dom"));
    }

    /** Loads {@code page} and writes a PNG screenshot of its first {@code height} pixels. */
    Output screenshot(Path page, Path profile, Path png, int height) throws IOException, InterruptedException {
        return headless(page, profile, List.of("--screenshot=" + png, "--window-size=1400," + height));
    }

    private Output headless(Path page, Path profile, List<String> what) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--enable-logging=stderr",
                "--v=0"));
        command.addAll(what);
        command.add(page.toUri().toString());
        return run(command, 120);
    }

    private static Output run(List<String> command, long seconds) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("chromium-run");
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IOException(String.join(" ", command) + " did not finish within " + seconds + " s");
        }
        Output output = new Output(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        Files.delete(dir);
        return output;
    }
}
