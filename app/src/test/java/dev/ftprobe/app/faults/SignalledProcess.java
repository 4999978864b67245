package dev.ftprobe.app.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One {@code ftprobe} command line in a process of its own ({@link FtprobeJava}), so that a test can signal or kill it
 * as a user would: its standard output and error are read line by line, as they come (where {@link FtprobeProcess}
 * leaves them in files), for the progress lines that tell which stage it is in. It runs in a working directory of its
 * own, where a JVM crash would leave its {@code hs_err_pid*.log}.
 */
final class SignalledProcess implements AutoCloseable {
    private final Process process;
    private final Path workDir;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private SignalledProcess(Process process, Path workDir) {
        this.process = process;
        this.workDir = workDir;
        this.reader = new Thread(this::read, "ftprobe-" + process.pid() + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code ftprobe ARGS} in {@code workDir} (created when missing). */
    static SignalledProcess start(Path workDir, List<String> args) throws IOException {
        Files.createDirectories(workDir);
        List<String> command = FtprobeJava.command(args);
        ProcessBuilder pb =
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().remove("FTPROBE_SHUTDOWN_TIMEOUT");
        return new SignalledProcess(pb.start(), workDir);
    }

    /** Reads the output as it comes, into memory and {@code WORKDIR/ftprobe-PID.log} (kept for a failure's sake). */
    private void read() {
        Path log = workDir.resolve("ftprobe-" + process.pid() + ".log");
        try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                w.write(line);
                w.write('\n');
                w.flush();
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process was killed under the reader
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits for a line after the first {@code from} lines that {@code match} accepts; empty when the process ended, or
     * the time ran out, before one came.
     */
    Optional<String> awaitLine(int from, Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int i = from;
            while (true) {
                for (; i < lines.size(); i++) {
                    if (match.test(lines.get(i))) {
                        return Optional.of(lines.get(i));
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!reader.isAlive() && i >= lines.size())) {
                    return Optional.empty();
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 200_000_000L))));
            }
        }
    }

    /** The lines so far. */
    int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** Everything the process printed so far. */
    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends {@code signal} (TERM, INT) as {@code kill -s} does. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid()))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -s " + signal + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL: the process ends at once, whatever it is doing. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** The exit status, once the process has ended within {@code timeout}; empty when it has not. */
    Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        reader.join(10_000); // every line it printed
        return Optional.of(process.exitValue());
    }

    /** The process's threads as {@code jcmd PID Thread.print} shows them: why it has not ended. */
    String threadDump() throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true)
                    .start();
            String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return dump;
        } catch (IOException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        }
    }

    /** The JVM's crash reports in the working directory: there must be none. */
    List<Path> crashReports() throws IOException {
        try (Stream<Path> files = Files.list(workDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("hs_err_pid"))
                    .toList();
        }
    }

    /** Kills the process if it is still running: a failed test leaves no JVM behind. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
