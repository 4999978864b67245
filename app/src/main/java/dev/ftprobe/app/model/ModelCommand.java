package dev.ftprobe.app.model;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ftprobe model ...}: look at and query a BERT model. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "Inspect a BERT model and query its masked-LM head.",
        subcommands = {ModelInfoCommand.class, FillMaskCommand.class})
public final class ModelCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
