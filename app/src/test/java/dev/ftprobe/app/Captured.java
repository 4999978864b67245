package dev.ftprobe.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One {@code ftprobe} command line run in-process, with its exit code and everything it printed to {@code System.out}
 * and {@code System.err}, where {@code run} and {@code reproduce} print their progress.
 */
public record Captured(int exit, String text) {
    public static Captured execute(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        try {
            System.setOut(capture);
            System.setErr(capture);
            int exit = FtprobeCommand.commandLine().execute(args);
            return new Captured(exit, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
