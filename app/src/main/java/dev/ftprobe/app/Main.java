package dev.ftprobe.app;

/** Entry point of the {@code ftprobe} command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(FtprobeCommand.commandLine().execute(args));
    }
}
