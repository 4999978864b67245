package dev.ftprobe.app;

import picocli.CommandLine;

/** Entry point of the {@code ftprobe} command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(FtprobeCommand.commandLine().execute(args));
    }
}
