package dev.ftprobe.app.analyzer;

import dev.ftprobe.analyzer.stream.GeometrySetAnalysis;
import dev.ftprobe.events.codec.JsonCodec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ftprobe analyzer bench}: the time to analyse a set end to end, and throughput. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Produces synthetic sets (one Gaussian blob per label) to the embeddings topic and times each until",
            "its geometry is committed: --sequential sets one at a time (latency), then --burst sets at once",
            "(throughput). Also times the geometry of one set without Kafka. Starts an embedded broker unless",
            "--bootstrap is given. Prints one JSON object."
        })
public final class AnalyzerBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap", paramLabel = "B", description = "Use this cluster instead of an embedded broker.")
    String bootstrap;

    @Option(names = "--vectors", defaultValue = "2000", description = "Vectors per set (default ${DEFAULT-VALUE}).")
    int vectors;

    @Option(names = "--dim", defaultValue = "128", description = "Dimension (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--labels", defaultValue = "17", description = "Labels (default ${DEFAULT-VALUE}).")
    int labels;

    @Option(
            names = "--noise",
            defaultValue = "0.3",
            description =
                    "Standard deviation of the blobs; centres are N(0,1) per dimension (default ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--chunk", defaultValue = "500", description = "Vectors per chunk (default ${DEFAULT-VALUE}).")
    int chunk;

    @Option(
            names = "--sequential",
            defaultValue = "3",
            description = "Sets timed one at a time (default ${DEFAULT-VALUE}).")
    int sequential;

    @Option(names = "--burst", defaultValue = "5", description = "Sets produced at once (default ${DEFAULT-VALUE}).")
    int burst;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "DirectProbe threads. Default: the number of cores.")
    Integer parallelism;

    @Override
    public Integer call() throws Exception {
        var result = AnalyzerBench.run(
                bootstrap, new AnalyzerBench.Params(vectors, dim, labels, noise, chunk, sequential, burst, 42), () -> {
                    GeometrySetAnalysis.Builder b = GeometrySetAnalysis.builder();
                    if (parallelism != null) {
                        b.optParallelism(parallelism);
                    }
                    return b.build();
                });
        spec.commandLine().getOut().println(JsonCodec.mapper().writeValueAsString(result));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
