package dev.ftprobe.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.app.Captured;
import dev.ftprobe.app.CommandRun;
import dev.ftprobe.broker.EmbeddedKafkaBroker;
import dev.ftprobe.tasks.FixtureData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real small run (random:tiny on the fixture corpora, on an embedded broker), written at the end of
 * {@code ftprobe run} and again by {@code ftprobe report} from the retained topics, then opened in a real headless
 * browser: no console message, every figure present and with plotted items, a screenshot.
 */
class ReportBrowserTest {
    private static final List<String> FIGURES = List.of("fig2", "fig3", "fig4", "fig5");
    private static final Pattern FIGURE = Pattern.compile("<figure class=\"plot\" id=\"([^\"]+)-figure\"([^>]*)>");

    @TempDir
    Path tmp;

    @Test
    @Timeout(300)
    void theRunsReportOpensInABrowserWithEveryFigureDrawn() throws Exception {
        Chromium browser = Chromium.require();
        Path data = FixtureData.materialise(tmp.resolve("data"));
        Path runOut = tmp.resolve("run");
        // kept under target/ for a look at the page and its screenshot
        Path reportOut = Path.of("target", "report-browser-test").toAbsolutePath();
        deleteTree(reportOut);
        String runId;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            String b = broker.bootstrapServers();
            Captured run = Captured.execute(
                    "run",
                    "--bootstrap",
                    b,
                    "--model",
                    "random:tiny",
                    "--probe-grid",
                    "small", // the paper's grid takes minutes on 2 cores; the probe is not what this tests
                    "--data-dir",
                    data.toString(),
                    "--max-steps",
                    "4",
                    "--checkpoint-every",
                    "2",
                    "--batch",
                    "8",
                    "--max-seq-len",
                    "96",
                    "--out",
                    runOut.toString());
            assertThat(run.exit()).as(run.text()).isZero();
            // the run's last line names the report
            List<String> lines = run.text().lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines.get(lines.size() - 1)).endsWith("report " + runOut.resolve("report.html"));
            runId = lines.get(lines.size() - 1).split(" ")[1].replace(":", "");

            CommandRun report = CommandRun.of("report", "--bootstrap", b, "--out", reportOut.toString());
            assertThat(report.exit()).as(report.err()).isZero();
            assertThat(report.out())
                    .contains("report    1 run(s) of analysis default: " + reportOut.resolve("report.html"));
            CommandRun unknown = CommandRun.of("report", "--bootstrap", b, "--run", "nope", "--out", tmp.toString());
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err()).contains("analysis default has no results for run(s) nope");
        }
        for (Path dir : List.of(runOut, reportOut)) {
            for (String f : FIGURES) {
                Path file = dir.resolve("figures").resolve(runId + "-pos-" + f + ".svg");
                assertThat(file).exists();
                assertThat(Files.readString(file)).startsWith("<?xml").contains("<svg");
            }
        }
        String html = Files.readString(reportOut.resolve("report.html"));
        // self-contained: nothing is fetched to view it (the SVG namespace is a name, not a fetch)
        assertThat(html.replaceAll("xmlns(:\\w+)?='[^']*'", ""))
                .doesNotContain("src=\"http", "href=\"http", "url(http", "@import", "http://", "https://");
        assertThat(html).contains("<svg", "Provenance", "random:tiny");
        assertThat(html).contains("Figure 2", "Figure 3", "Figure 4", "Figure 5", "Table 5");

        Chromium.Output dom = browser.dumpDom(reportOut.resolve("report.html"), tmp.resolve("profile-dom"));
        assertThat(dom.exit()).as(dom.stderr()).isZero();
        assertThat(dom.consoleLines()).as("console messages of the page").isEmpty();
        assertThat(dom.stdout()).contains("data-figures=\"" + FIGURES.size() + "\"");
        List<String> seen = new ArrayList<>();
        Matcher m = FIGURE.matcher(dom.stdout());
        while (m.find()) {
            seen.add(m.group(1));
            Matcher items = Pattern.compile("data-items=\"(\\d+)\"").matcher(m.group(2));
            assertThat(items.find()).as("figure %s was checked", m.group(1)).isTrue();
            assertThat(Integer.parseInt(items.group(1)))
                    .as("plotted items of %s", m.group(1))
                    .isPositive();
        }
        assertThat(seen)
                .containsExactlyElementsOf(
                        FIGURES.stream().map(f -> runId + "-pos-" + f).toList());
        // label names, not ids, on the figures: Figure 5 names every label with a movement
        assertThat(svgOf(dom.stdout(), runId + "-pos-fig5")).contains(">NOUN<", ">VERB<");

        Path png = reportOut.resolve("report.png");
        Chromium.Output shot =
                browser.screenshot(reportOut.resolve("report.html"), tmp.resolve("profile-png"), png, 6000);
        assertThat(shot.exit()).as(shot.stderr()).isZero();
        assertThat(shot.consoleLines()).isEmpty();
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(10_000);
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertThat(head).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The SVG element of one figure in the dumped DOM. */
    private static String svgOf(String dom, String figureId) {
        int at = dom.indexOf("id=\"" + figureId + "-figure\"");
        assertThat(at).as(figureId).isNotNegative();
        return dom.substring(at, dom.indexOf("</figure>", at));
    }
}
