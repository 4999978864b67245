package dev.ftprobe.app;

import dev.ftprobe.app.analyzer.AnalyzerCommand;
import dev.ftprobe.app.analyzer.ReplayCommand;
import dev.ftprobe.app.data.DataCommand;
import dev.ftprobe.app.directprobe.DirectProbeCommand;
import dev.ftprobe.app.export.ExportCommand;
import dev.ftprobe.app.infra.BenchCommand;
import dev.ftprobe.app.infra.BrokerCommand;
import dev.ftprobe.app.infra.TopicsCommand;
import dev.ftprobe.app.model.ModelCommand;
import dev.ftprobe.app.pipeline.ExtractorCommand;
import dev.ftprobe.app.pipeline.InspectCommand;
import dev.ftprobe.app.pipeline.TrainerCommand;
import dev.ftprobe.app.probe.ProbeCommand;
import dev.ftprobe.app.report.ReportCommand;
import dev.ftprobe.app.run.ReproduceCommand;
import dev.ftprobe.app.run.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root of the command tree. Every service, {@code run} and each tool is one subcommand, registered in
 * {@code subcommands} below.
 */
@Command(
        name = "ftprobe",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Watch how fine-tuning changes a BERT model's representation space.",
        subcommands = {
            CommandLine.HelpCommand.class,
            RunCommand.class,
            ReproduceCommand.class,
            ReportCommand.class,
            TrainerCommand.class,
            ExtractorCommand.class,
            AnalyzerCommand.class,
            ReplayCommand.class,
            InspectCommand.class,
            BrokerCommand.class,
            TopicsCommand.class,
            DataCommand.class,
            ModelCommand.class,
            DirectProbeCommand.class,
            ProbeCommand.class,
            ExportCommand.class,
            BenchCommand.class,
        })
public final class FtprobeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

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
