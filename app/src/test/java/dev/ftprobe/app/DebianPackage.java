package dev.ftprobe.app;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Debian package that a test runs a program of (chromium, prometheus, ...): installed with apt-get where it is
 * missing, as {@code .ci/run} does (as root; {@code apt-get update} once per JVM). Where it cannot be installed the
 * test is skipped by a JUnit assumption naming what is missing, except on CI (the environment variable {@code CI} is
 * set), where a skipped check would pass unseen: there it fails.
 */
public final class DebianPackage {
    private static final Path APT_GET = Path.of("/usr/bin/apt-get");
    private static boolean updated;

    private final String name;
    private final List<Path> programs;

    private DebianPackage(String name, List<Path> programs) {
        this.name = name;
        this.programs = programs;
    }

    /** The package {@code name}, which installs {@code programs} (absolute paths). */
    public static DebianPackage of(String name, String... programs) {
        List<Path> paths = new ArrayList<>();
        for (String p : programs) {
            paths.add(Path.of(p));
        }
        if (paths.isEmpty() || !paths.stream().allMatch(Path::isAbsolute)) {
            throw new IllegalArgumentException("give the absolute paths of the programs of " + name + ": " + paths);
        }
        return new DebianPackage(name, List.copyOf(paths));
    }

    /**
     * The package's first program, installed first where it is missing; a failed assumption where it is missing and
     * cannot be installed (outside CI), an assertion error on CI.
     */
    public Path require() throws IOException, InterruptedException {
        List<Path> missing = missingAfterInstall();
        if (!missing.isEmpty()) {
            String why = "Debian package " + name + " is missing " + missing + " and apt-get could not install it";
            if (System.getenv("CI") != null) {
                throw new AssertionError(why + " (CI is set: the test must run)");
            }
            Assumptions.abort(why);
        }
        return programs.get(0);
    }

    /** The package's first program, installed first where it is missing; empty where it cannot be installed. */
    public Optional<Path> find() throws IOException, InterruptedException {
        return missingAfterInstall().isEmpty() ? Optional.of(programs.get(0)) : Optional.empty();
    }

    /** The programs still missing after an install attempt (none when the package is there). */
    private synchronized List<Path> missingAfterInstall() throws IOException, InterruptedException {
        if (!missing().isEmpty() && Files.isExecutable(APT_GET)) {
            if (!updated) {
                aptGet(List.of("update", "-qq"), 600);
                updated = true;
            }
            aptGet(List.of("install", "-y", "-qq", name), 900);
        }
        return missing();
    }

    private List<Path> missing() {
        return programs.stream().filter(p -> !Files.isExecutable(p)).toList();
    }

    /** apt-get, non-interactive; a failure leaves the programs missing, which {@link #require} reports. */
    private static void aptGet(List<String> args, long seconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(APT_GET.toString()));
        command.addAll(args);
        Path log = Files.createTempFile("apt-get", ".log");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        if (p.exitValue() != 0) {
            System.err.println(String.join(" ", command) + " exited " + p.exitValue() + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        Files.delete(log);
    }
}
