package dev.ftprobe.app.pipeline;

import dev.ftprobe.runtime.Config;
import dev.ftprobe.runtime.ServiceRuntime;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every pipeline command shares: the cluster, a configuration file, the metrics port. */
public final class ServiceOptions {
    @Option(
            names = "--bootstrap",
            paramLabel = "B",
            description = "Kafka bootstrap servers (or FTPROBE_BOOTSTRAP, or bootstrap in the --config file).")
    String bootstrap;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file (or FTPROBE_CONFIG).")
    String configFile;

    @Option(
            names = "--metrics-port",
            paramLabel = "P",
            description = "Port of /metrics and /health (or FTPROBE_METRICS_PORT); default: a free port.")
    Integer metricsPort;

    Config config() {
        return config(ServiceRuntime.DEFAULTS);
    }

    /** As {@link #config()}, with {@code shutdownTimeout} as the default of {@code shutdown.timeout}. */
    Config config(String shutdownTimeout) {
        Map<String, String> defaults = new LinkedHashMap<>(ServiceRuntime.DEFAULTS);
        defaults.put(ServiceRuntime.SHUTDOWN_TIMEOUT_KEY, shutdownTimeout);
        return config(defaults);
    }

    private Config config(Map<String, String> defaults) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("bootstrap", bootstrap);
        flags.put(Config.CONFIG_FILE_KEY, configFile);
        flags.put(ServiceRuntime.METRICS_PORT_KEY, metricsPort == null ? null : metricsPort.toString());
        return Config.load(flags, defaults);
    }
}
