package dev.ftprobe.app.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report over some runs of one analysis: {@code report.html} (self-contained, every figure inline) and each figure
 * beside it as {@code figures/<run>-<probe task>-figN.svg}.
 */
public final class Report {
    public static final String PAGE = "report.html";
    public static final String FIGURES = "figures";

    private final List<RunResults> runs;
    private final Map<String, List<Figure>> figures;
    private final String analysisId;

    private Report(List<RunResults> runs, Map<String, List<Figure>> figures, String analysisId) {
        this.runs = runs;
        this.figures = figures;
        this.analysisId = analysisId;
    }

    /**
     * Reads the analysis' topics and the runs topic on {@code bootstrap} and draws the report of {@code runIds} (every
     * run with dynamics when empty).
     */
    public static Report read(String bootstrap, String analysisId, List<String> runIds) {
        return of(ReportReader.read(bootstrap, analysisId, runIds), analysisId);
    }

    static Report of(List<RunResults> runs, String analysisId) {
        Map<String, List<Figure>> figures = new LinkedHashMap<>();
        for (RunResults run : runs) {
            for (ProbeResults p : run.probes()) {
                String prefix = p.runId() + "-" + p.probeTask() + "-";
                figures.put(
                        ReportPage.key(p),
                        List.of(
                                StepFigures.minimumDistances(p, prefix + "fig2"),
                                PcaFigures.centroidPaths(p, prefix + "fig3"),
                                StepFigures.similarityToStepZero(p, prefix + "fig4"),
                                PcaFigures.movements(p, prefix + "fig5")));
            }
        }
        return new Report(runs, figures, analysisId);
    }

    public boolean isEmpty() {
        return runs.isEmpty();
    }

    /** The runs in the report. */
    public List<String> runIds() {
        return runs.stream().map(RunResults::runId).toList();
    }

    /** The figures that could not be drawn, each as "id: why". */
    public List<String> missingFigures() {
        List<String> out = new ArrayList<>();
        figures.values()
                .forEach(list ->
                        list.stream().filter(f -> f.svg() == null).forEach(f -> out.add(f.id() + ": " + f.missing())));
        return out;
    }

    /** Writes the page and the figure files into {@code dir}, each file atomically; returns the page's path. */
    public Path write(Path dir) throws IOException {
        Path figureDir = dir.resolve(FIGURES);
        Files.createDirectories(figureDir);
        for (List<Figure> list : figures.values()) {
            for (Figure f : list) {
                if (f.svg() != null) {
                    writeAtomically(figureDir.resolve(f.fileName()), "<?xml version=\"1.0\"?>\n" + f.svg() + "\n");
                }
            }
        }
        Path page = dir.resolve(PAGE);
        writeAtomically(page, ReportPage.html(runs, figures, analysisId));
        return page;
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
