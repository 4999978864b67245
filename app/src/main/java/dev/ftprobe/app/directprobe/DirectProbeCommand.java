package dev.ftprobe.app.directprobe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ftprobe.geometry.DirectProbeClusters;
import dev.ftprobe.geometry.GeometryAnalysis;
import dev.ftprobe.geometry.GeometryResult;
import dev.ftprobe.geometry.GeometryRun;
import dev.ftprobe.geometry.HullDistance;
import dev.ftprobe.geometry.InsideDistances;
import dev.ftprobe.geometry.LabelGeometry;
import dev.ftprobe.geometry.LabelledPoints;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ftprobe directprobe}: the original DirectProbe as a batch tool, on its own data layout, with this project's
 * exact clustering.
 */
@Command(
        name = "directprobe",
        mixinStandardHelpOptions = true,
        description = {
            "Runs DirectProbe on data in the original DirectProbe layout and writes its outputs.",
            "Reads DIR/labels/tags.txt, DIR/entities/train.txt ('example<TAB>label' per line) and the training",
            "embeddings (one whitespace-separated vector per line, same order).",
            "Writes to OUT: clusters.txt (cluster id per training line), vec.txt ('A---B,distance' per label pair,",
            "sorted labels, upper triangle), outside_min.txt ('A,d': each label's smallest hull distance to another",
            "label), inside_mean.txt / inside_max.txt ('A,d': mean / largest Euclidean distance between two points of",
            "the label), log.txt and summary.json. Undefined values are written as 'nan' (json: null)."
        })
public final class DirectProbeCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "data directory (labels/, entities/)")
    Path data;

    @Option(
            names = "--embeddings",
            paramLabel = "FILE",
            description = "training embeddings; default: DIR/embeddings/train.txt")
    Path embeddings;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "results",
            description = "output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(
            names = "--hull-distance",
            defaultValue = "exact",
            paramLabel = "M",
            description = "exact (Wolfe's nearest-point algorithm) or libsvm (the original's linear C-SVC, C = 1e6, "
                    + "which stops at 10 million iterations on near-touching clusters); default: ${DEFAULT-VALUE}")
    HullMethod hullDistance;

    /** The values of --hull-distance. */
    enum HullMethod {
        exact,
        libsvm
    }

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "LIBSVM's seed, for --hull-distance libsvm (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", description = "parallel LPs (default: the number of cores)")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        List<String> log = new ArrayList<>();
        long t0 = System.nanoTime();
        Path tags = data.resolve("labels").resolve("tags.txt");
        Path train = data.resolve("entities").resolve("train.txt");
        Path emb = embeddings != null ? embeddings : data.resolve("embeddings").resolve("train.txt");
        LabelledPoints points;
        try {
            List<String> labels = DirectProbeData.readLabels(tags);
            List<String> entityLabels = DirectProbeData.readEntityLabels(train, labels);
            double[][] rows = DirectProbeData.readEmbeddings(emb, entityLabels.size());
            points = DirectProbeData.points(rows, entityLabels, labels);
        } catch (DirectProbeData.BadFileException e) {
            System.err.println("ftprobe directprobe: " + e.getMessage());
            return 2;
        }
        long loadMs = (System.nanoTime() - t0) / 1_000_000;
        log.add("loaded " + points.size() + " points of dimension " + points.dimension() + ", " + points.labelCount()
                + " labels, from " + train + " and " + emb + " in " + loadMs + " ms");

        GeometryAnalysis.Builder b = GeometryAnalysis.builder()
                .optHullDistance(hullDistance == HullMethod.libsvm ? HullDistance.libsvm(seed) : HullDistance.exact());
        if (threads != null) {
            b.optParallelism(threads);
        }
        GeometryAnalysis analysis = b.build();
        // label ids are the labels' positions in sorted name order (DirectProbeData), so the result's
        // label order is the original's sorted order
        GeometryRun run = analysis.analyze(points);
        log.addAll(run.clusters().log());
        GeometryResult result = run.result();

        Files.createDirectories(out);
        write(out.resolve("clusters.txt"), w -> {
            for (int c : run.clusters().clusterOfPoint()) {
                w.println(c);
            }
        });
        List<String> labels = result.labels().stream().map(LabelGeometry::name).toList();
        write(out.resolve("vec.txt"), w -> {
            for (int i = 0; i < labels.size(); i++) {
                for (int j = i + 1; j < labels.size(); j++) {
                    w.println(labels.get(i) + "---" + labels.get(j) + "," + num(result.distance(i, j)));
                }
            }
        });
        write(out.resolve("outside_min.txt"), w -> {
            for (LabelGeometry l : result.labels()) {
                w.println(l.name() + "," + num(l.minDistance()));
            }
        });
        long insideStart = System.nanoTime();
        List<int[]> byLabel = points.pointsByLabel();
        double[][] inside = new double[byLabel.size()][];
        for (int l = 0; l < inside.length; l++) {
            inside[l] = InsideDistances.meanAndMax(points, byLabel.get(l));
        }
        long insideMs = (System.nanoTime() - insideStart) / 1_000_000;
        write(out.resolve("inside_mean.txt"), w -> {
            for (int i = 0; i < labels.size(); i++) {
                w.println(labels.get(i) + "," + num(inside[i][0]));
            }
        });
        write(out.resolve("inside_max.txt"), w -> {
            for (int i = 0; i < labels.size(); i++) {
                w.println(labels.get(i) + "," + num(inside[i][1]));
            }
        });
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("clusters", result.clusters());
        summary.put("labels", (int)
                result.labels().stream().filter(l -> l.clusters() > 0).count());
        summary.put("linear", result.linear());
        // decisions that neither a certificate nor the LP could make, counted as overlaps (GeometryResult)
        summary.put("undecided", result.undecided());
        summary.put("hullDistance", hullDistance.name());
        Map<String, Object> mins = new LinkedHashMap<>();
        for (LabelGeometry l : result.labels()) {
            mins.put(l.name(), l.minDistance());
        }
        summary.put("minimumDistances", mins);
        Map<String, Long> timings = new LinkedHashMap<>();
        timings.put("load", loadMs);
        for (DirectProbeClusters.PhaseTiming t : run.timings()) {
            timings.put(t.phase(), t.millis());
        }
        timings.put("inside distances", insideMs);
        timings.put("total", (System.nanoTime() - t0) / 1_000_000);
        summary.put("timingsMillis", timings);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("summary.json").toFile(), summary);
        log.add("timings (ms): " + timings);
        write(out.resolve("log.txt"), w -> log.forEach(w::println));
        System.out.println("clusters=" + result.clusters() + " labels=" + summary.get("labels") + " linear="
                + result.linear() + " -> " + out);
        return 0;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.6f", v);
    }

    /** An undefined (null) value is written as the original writes it: {@code nan}. */
    private static String num(Double v) {
        return v == null ? "nan" : num(v.doubleValue());
    }

    private interface Body {
        void write(PrintWriter w);
    }

    private static void write(Path file, Body body) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            body.write(w);
        }
    }
}
