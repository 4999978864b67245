package dev.ftprobe.app.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ftprobe} command in a JVM of its own, so that it can be killed for real (SIGKILL leaves no shutdown hook a
 * chance) and can halt without taking the test with it. Its class path is the test's (every module, as built); its
 * standard output and error go to files, read while it runs.
 */
final class FtprobeProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path out;
    private final Path err;

    private FtprobeProcess(String name, Process process, Path out, Path err) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * Where the processes of {@code test} leave their output: under the module's {@code target/fault-logs}, kept after
     * the test (its temporary directory is not) so that a failure can be read afterwards, in CI too.
     */
    static Path logs(String test) {
        return Path.of("target", "fault-logs", test).toAbsolutePath();
    }

    /** Starts {@code ftprobe args...}; its output goes to {@code logs/<name>.out} and {@code .err}. */
    static FtprobeProcess start(Path logs, String name, String... args) throws IOException {
        Files.createDirectories(logs);
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        List<String> command = FtprobeJava.command(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        return new FtprobeProcess(name, p, out, err);
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    /** Both outputs, for assertion messages. */
    String transcript() {
        return name + " stdout:\n" + stdout() + "\n" + name + " stderr:\n" + stderr();
    }

    /**
     * Waits until the standard error holds {@code count} matches of {@code line} (a pattern over one line) and returns
     * the last of them; fails when the process ends first or the time is up.
     */
    Matcher awaitLines(Pattern line, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher last = null;
            int found = 0;
            for (String l : stderr().split("\n", -1)) {
                Matcher m = line.matcher(l);
                if (m.find()) {
                    found++;
                    last = m;
                    if (found == count) {
                        return last;
                    }
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " ended (exit " + process.exitValue() + ") before " + count
                        + " lines matching " + line + "\n" + transcript());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": no " + count + " lines matching " + line + " within " + timeout
                        + "\n" + transcript());
            }
            Thread.sleep(20);
        }
    }

    /** Waits for the process to end by itself and returns its exit code; fails after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not end within " + timeout + "\n" + transcript());
        }
        return process.exitValue();
    }

    /** SIGKILL (what {@link Process#destroyForcibly} sends on Linux), and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, and waits up to {@code timeout} for the process to end. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private static String read(Path file) {
        try {
            // leniently: the process may be in the middle of writing a character
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
