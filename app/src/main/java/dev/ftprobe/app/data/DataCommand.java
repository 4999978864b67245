package dev.ftprobe.app.data;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ftprobe data}: the corpora of the five tasks. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "The corpora of the probing tasks: statistics and download.",
        subcommands = {DataStatsCommand.class, DataFetchCommand.class})
public final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
