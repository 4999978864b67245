package dev.ftprobe.app.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ftprobe.app.directprobe.BenchDirectProbeCommand;
import dev.ftprobe.broker.bench.CodecBench;
import dev.ftprobe.broker.bench.KafkaBench;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ftprobe bench codec|kafka}: throughput of the event log. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmarks: codec and kafka print one JSON object with mb_per_s (vector payload, 10^6 bytes) and "
                        + "records_per_s; directprobe prints DirectProbe's wall time and peak heap on a "
                        + "synthetic case.",
        subcommands = {BenchCommand.Codec.class, BenchCommand.Kafka.class, BenchDirectProbeCommand.class})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static void print(CommandSpec spec, Map<String, Object> result) throws Exception {
        spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(result));
        spec.commandLine().getOut().flush();
    }

    @Command(
            name = "codec",
            mixinStandardHelpOptions = true,
            description = "Encodes and decodes EmbeddingBatch records on one thread.")
    static final class Codec implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--seconds", defaultValue = "6", description = "Time to measure (default ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--dim", defaultValue = "768", description = "Vector dimension (default ${DEFAULT-VALUE}).")
        int dim;

        @Option(
                names = "--vectors",
                defaultValue = "1024",
                description = "Vectors per record (default ${DEFAULT-VALUE}).")
        int vectors;

        @Override
        public Integer call() throws Exception {
            print(spec, CodecBench.run(dim, vectors, Duration.ofMillis((long) (seconds * 1000))));
            return 0;
        }
    }

    /** Producer compression codecs. */
    enum Compression {
        none,
        lz4,
        zstd,
        snappy,
        gzip
    }

    @Command(
            name = "kafka",
            mixinStandardHelpOptions = true,
            description = {
                "Produces EmbeddingBatch records while a consumer reads and decodes them.",
                "Starts an embedded broker unless --bootstrap is given."
            })
    static final class Kafka implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--seconds", defaultValue = "10", description = "Time to produce (default ${DEFAULT-VALUE}).")
        double seconds;

        @Option(
                names = "--bootstrap",
                paramLabel = "B",
                description = "A cluster to use instead of an embedded broker.")
        String bootstrap;

        @Option(
                names = "--compression",
                defaultValue = "none",
                description = "Producer compression: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
        Compression compression;

        @Option(names = "--dim", defaultValue = "768", description = "Vector dimension (default ${DEFAULT-VALUE}).")
        int dim;

        @Option(
                names = "--vectors",
                defaultValue = "1024",
                description = "Vectors per record (default ${DEFAULT-VALUE}).")
        int vectors;

        @Option(
                names = "--partitions",
                defaultValue = "4",
                description = "Partitions of the bench topic (default ${DEFAULT-VALUE}).")
        int partitions;

        @Override
        public Integer call() throws Exception {
            print(
                    spec,
                    KafkaBench.run(new KafkaBench.Options(
                            bootstrap,
                            Duration.ofMillis((long) (seconds * 1000)),
                            compression.name(),
                            dim,
                            vectors,
                            partitions)));
            return 0;
        }
    }
}
