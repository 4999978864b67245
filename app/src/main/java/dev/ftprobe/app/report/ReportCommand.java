package dev.ftprobe.app.report;

import dev.ftprobe.events.topics.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ftprobe report}: the paper's figures and tables from an analysis' retained topics. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Reads an analysis' retained topics (ftprobe.analysis.<id>.geometry and .dynamics, and ftprobe.runs) and",
            "writes DIR/report.html, one self-contained page (figures as inline SVG, nothing from the network), and",
            "each figure as DIR/figures/<run>-<probe task>-figN.svg: the paper's Figures 2-5, its tables of clusters",
            "and similarities, Table 5 (minimum distances grown and shrunk) and each run's provenance."
        })
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap", required = true, paramLabel = "B", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(
            names = "--analysis-id",
            paramLabel = "A",
            defaultValue = Topics.DEFAULT_ANALYSIS_ID,
            description = "The analysis to report (default ${DEFAULT-VALUE}).")
    String analysisId;

    @Option(
            names = "--run",
            paramLabel = "R",
            description = "A run to report; repeat for several (default: every run the analysis has results of).")
    List<String> runs = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where report.html goes.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Report report;
        try {
            report = Report.read(bootstrap, analysisId, runs);
        } catch (IllegalArgumentException | IllegalStateException | KafkaException e) {
            spec.commandLine().getErr().println("ftprobe report: " + e.getMessage());
            return 1;
        }
        List<String> absent =
                runs.stream().filter(r -> !report.runIds().contains(r)).toList();
        if (report.isEmpty() || !absent.isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .println("ftprobe report: analysis " + analysisId + " has no results for "
                            + (runs.isEmpty()
                                    ? "any run"
                                    : "run(s) " + String.join(", ", absent.isEmpty() ? runs : absent)));
            return 1;
        }
        Path page = report.write(out);
        report.missingFigures().forEach(m -> spec.commandLine().getOut().println("report    not drawn: " + m));
        spec.commandLine()
                .getOut()
                .println("report    " + report.runIds().size() + " run(s) of analysis " + analysisId + ": " + page);
        return 0;
    }
}
