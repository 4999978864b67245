package dev.ftprobe.app.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftprobe.events.codec.JsonCodec;
import dev.ftprobe.extractor.RunInspector;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ftprobe inspect}: what the log holds for each run. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Prints one JSON object per run: its manifest, its checkpoint steps, and for each (step, "
                + "probe task, split, layer) the chunks and vectors present and whether the set is complete "
                + "(committed records only). Exit 1 when --run is given and the log has nothing of it.")
public final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions service;

    @Option(names = "--run", paramLabel = "ID", description = "Only this run.")
    String run;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String bootstrap;
        try {
            bootstrap = service.config().getString("bootstrap");
        } catch (IllegalArgumentException e) {
            err.println("ftprobe inspect: " + e.getMessage());
            err.flush();
            return 2;
        }
        ObjectMapper json = JsonCodec.mapper();
        List<RunInspector.RunReport> reports = RunInspector.inspect(bootstrap, run);
        for (RunInspector.RunReport r : reports) {
            ObjectNode n = json.createObjectNode();
            n.put("run", r.runId());
            n.set("manifest", r.manifest() == null ? null : json.valueToTree(r.manifest()));
            n.set("checkpoint_steps", json.valueToTree(r.checkpointSteps()));
            n.put("complete", r.allComplete());
            n.set("sets", json.valueToTree(r.sets()));
            out.println(json.writeValueAsString(n));
        }
        out.flush();
        return run != null && reports.isEmpty() ? 1 : 0;
    }
}
