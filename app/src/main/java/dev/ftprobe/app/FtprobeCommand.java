package dev.ftprobe.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root of the command tree. Every service, {@code run} and each tool is one subcommand,
 * registered in {@code subcommands} below.
 */
@Command(
        name = "ftprobe",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Watch how fine-tuning changes a BERT model's representation space.",
        subcommands = {
            CommandLine.HelpCommand.class,
            dev.ftprobe.app.run.RunCommand.class,
            dev.ftprobe.app.pipeline.TrainerCommand.class,
            dev.ftprobe.app.pipeline.ExtractorCommand.class,
            dev.ftprobe.app.analyzer.AnalyzerCommand.class,
            dev.ftprobe.app.analyzer.ReplayCommand.class,
            dev.ftprobe.app.pipeline.InspectCommand.class,
            dev.ftprobe.app.infra.BrokerCommand.class,
            dev.ftprobe.app.infra.TopicsCommand.class,
            dev.ftprobe.app.data.DataCommand.class,
            dev.ftprobe.app.model.ModelCommand.class,
            dev.ftprobe.app.directprobe.DirectProbeCommand.class,
            dev.ftprobe.app.infra.BenchCommand.class,
        })
public final class FtprobeCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FtprobeCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
