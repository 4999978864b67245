package dev.ftprobe.app.infra;

import dev.ftprobe.broker.EmbeddedKafkaBroker;
import dev.ftprobe.events.topics.TopicAdmin;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ftprobe broker}: an embedded single-node Kafka for local work. */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a single-node Kafka broker (KRaft, in this JVM) until interrupted.",
            "Prints its bootstrap address on standard output. Topic auto-creation is off: services create",
            "the registry's topics at start (or give --create-topics)."
        })
public final class BrokerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Keep the broker's data here (formatted on first use, reused after). "
                    + "Default: a temporary directory, deleted on exit.")
    Path dataDir;

    @Option(
            names = "--port",
            paramLabel = "P",
            description = "Client port. Default: the one this data directory used last if free, else a free one.")
    int port;

    @Option(names = "--controller-port", paramLabel = "P", description = "KRaft controller port. Default: a free one.")
    int controllerPort;

    @Option(
            names = "--host",
            paramLabel = "HOST",
            defaultValue = "127.0.0.1",
            description = "Address to listen on and advertise. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--create-topics", description = "Create the registry's topics once the broker is up.")
    boolean createTopics;

    @Override
    public Integer call() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .optDataDir(dataDir)
                .optPort(port)
                .optControllerPort(controllerPort)
                .optHost(host)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    broker.close();
                    stopped.countDown();
                },
                "broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        broker.start();
        if (createTopics) {
            TopicAdmin.createMissing(broker.bootstrapServers());
        }
        spec.commandLine().getOut().println(broker.bootstrapServers());
        spec.commandLine().getOut().flush();
        System.err.println("ftprobe broker: Kafka at " + broker.bootstrapServers() + ", data in "
                + (dataDir == null ? broker.dataDir() + " (temporary)" : broker.dataDir()) + "; Ctrl-C to stop");
        stopped.await();
        return 0;
    }
}
