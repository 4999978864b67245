package dev.ftprobe.app.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ftprobe.app.directprobe.DirectProbeData;
import dev.ftprobe.geometry.DirectProbe;
import dev.ftprobe.geometry.HullDistance;
import dev.ftprobe.geometry.LabelledPoints;
import dev.ftprobe.probe.ClassifierProbe;
import dev.ftprobe.probe.DirectProbeAccuracy;
import dev.ftprobe.probe.ProbeGrid;
import dev.ftprobe.probe.ProbeResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ftprobe probe}: the paper's classifier probe and DirectProbe's own accuracy on one set in the original
 * DirectProbe layout, as one JSON object on standard output.
 */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the classifier probe (METHOD §6) on data in the original DirectProbe layout and prints one JSON",
            "object: {\"best\": {\"hidden\": [h1, h2], \"alpha\": a},",
            " \"test_accuracy\": {\"mean\": m, \"std\": s, \"runs\": [..]},",
            " \"grid\": [{\"hidden\": [..], \"alpha\": a, \"dev_accuracy\": x}, ..], \"seconds\": t,",
            " \"directprobe_accuracy\": x}",
            "Reads DIR/labels/tags.txt, DIR/entities/{train,test}.txt ('example<TAB>label' per line) and",
            "DIR/embeddings/{train,test}.txt (one vector per line, same order).",
            "'seconds' is the MLP probe's wall time (grid search and final runs).",
            "Test labels that train lacks are scored as errors and reported on standard error."
        })
public final class ProbeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "data directory (labels/, entities/)")
    Path data;

    @Option(
            names = "--probe-grid",
            defaultValue = "paper",
            paramLabel = "G",
            description = "paper (16 shapes x 8 alphas), small (2 x 2) or one's own, such as 256x128/1e-4 "
                    + "(shapes/alphas); default: ${DEFAULT-VALUE}")
    String grid;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "seed of the held-out split and the fits (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--progress-dir",
            paramLabel = "DIR",
            description = "keep the probe's finished grid shapes and final runs in DIR, so that the same command, "
                    + "stopped part way, goes on from them; the file is deleted once the probe is done")
    Path progressDir;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ProbeGrid probeGrid;
        LabelledPoints train;
        LabelledPoints test;
        try {
            probeGrid = ProbeGrid.parse(grid);
        } catch (IllegalArgumentException e) {
            err.println("ftprobe probe: --probe-grid: " + e.getMessage());
            return 2;
        }
        try {
            List<String> labels =
                    DirectProbeData.readLabels(data.resolve("labels").resolve("tags.txt"));
            train = read("train", labels);
            test = read("test", labels);
        } catch (DirectProbeData.BadFileException e) {
            err.println("ftprobe probe: " + e.getMessage());
            return 2;
        }
        if (train.dimension() != test.dimension()) {
            err.println("ftprobe probe: train vectors have " + train.dimension() + " values, test vectors "
                    + test.dimension());
            return 2;
        }
        ProbeResult result;
        try {
            ClassifierProbe probe = ClassifierProbe.of(probeGrid, seed);
            result = progressDir == null ? probe.run(train, test) : probe.run(train, test, progressDir);
        } catch (IllegalArgumentException e) {
            err.println("ftprobe probe: " + data + ": " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("ftprobe probe: --progress-dir " + progressDir + ": " + e);
            return 2;
        }
        if (!result.unseenTestLabels().isEmpty()) {
            err.println("ftprobe probe: test labels missing from train, scored as errors: "
                    + describe(result.unseenTestLabels()));
        }
        double directProbe =
                DirectProbeAccuracy.of(train, test, DirectProbe.builder().build(), HullDistance.exact());
        PrintWriter out = spec.commandLine().getOut();
        out.println(new ObjectMapper().writeValueAsString(ProbeJson.of(result, directProbe)));
        out.flush();
        return 0;
    }

    private LabelledPoints read(String split, List<String> labels) {
        Path entities = data.resolve("entities").resolve(split + ".txt");
        List<String> entityLabels = DirectProbeData.readEntityLabels(entities, labels);
        Path embeddings = data.resolve("embeddings").resolve(split + ".txt");
        double[][] rows = DirectProbeData.readEmbeddings(embeddings, entityLabels.size());
        return DirectProbeData.points(rows, entityLabels, labels);
    }

    private static String describe(Map<String, Integer> unseen) {
        return unseen.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " (" + e.getValue() + " points)")
                .collect(Collectors.joining(", "));
    }
}
