package dev.ftprobe.app.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ftprobe.events.codec.JsonCodec;
import dev.ftprobe.events.topics.TopicAdmin;
import dev.ftprobe.events.topics.TopicSpec;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.runtime.Config;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ftprobe topics create|describe}: the topic registry on a cluster. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "Creates or shows the topic registry's topics (one JSON object per topic).",
        subcommands = {TopicsCommand.Create.class, TopicsCommand.Describe.class})
public final class TopicsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options shared by the subcommands. */
    public static final class Target {
        @Option(
                names = "--bootstrap",
                paramLabel = "B",
                description = "Kafka bootstrap servers (or FTPROBE_BOOTSTRAP, or bootstrap in the --config file).")
        String bootstrap;

        @Option(names = "--config", paramLabel = "FILE", description = "A properties file (or FTPROBE_CONFIG).")
        String configFile;

        @Option(
                names = "--analysis-id",
                paramLabel = "ID",
                description = "Include the output topics of this analysis (repeatable).")
        List<String> analysisIds = new ArrayList<>();

        String bootstrap() {
            Map<String, String> flags = new LinkedHashMap<>();
            flags.put("bootstrap", bootstrap);
            flags.put(Config.CONFIG_FILE_KEY, configFile);
            return Config.load(flags, Map.of()).getString("bootstrap");
        }

        List<TopicSpec<?, ?>> specs() {
            List<TopicSpec<?, ?>> specs = new ArrayList<>(Topics.registry());
            for (String id : analysisIds) {
                specs.addAll(Topics.analysisTopics(id));
            }
            return specs;
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Creates the registry's topics that are missing (idempotent).")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Override
        public Integer call() throws Exception {
            ObjectMapper json = JsonCodec.mapper();
            PrintWriter out = spec.commandLine().getOut();
            List<TopicSpec<?, ?>> specs = target.specs();
            try (Admin admin = TopicAdmin.admin(target.bootstrap())) {
                List<String> created = TopicAdmin.createMissing(admin, specs);
                for (TopicSpec<?, ?> s : specs) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("topic", s.name());
                    line.put("created", created.contains(s.name()));
                    out.println(json.writeValueAsString(line));
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "describe",
            mixinStandardHelpOptions = true,
            description =
                    "Shows each registry topic on the cluster: partitions, settings, differences from the registry.")
    static final class Describe implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Override
        public Integer call() throws Exception {
            ObjectMapper json = JsonCodec.mapper();
            PrintWriter out = spec.commandLine().getOut();
            for (TopicAdmin.TopicState s : TopicAdmin.describe(target.bootstrap(), target.specs())) {
                out.println(json.writeValueAsString(s));
            }
            out.flush();
            return 0;
        }
    }
}
