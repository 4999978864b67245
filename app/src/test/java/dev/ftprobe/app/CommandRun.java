package dev.ftprobe.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One {@code ftprobe} command line run in-process, with what it printed and its exit code. */
public record CommandRun(int exit, String out, String err) {
    public static CommandRun of(String... args) {
        CommandLine cl = FtprobeCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CommandRun(exit, out.toString(), err.toString());
    }
}
