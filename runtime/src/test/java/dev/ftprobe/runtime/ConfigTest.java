package dev.ftprobe.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @TempDir
    Path dir;

    @Test
    void flagsBeatEnvironmentBeatsFileBeatsDefaults() throws Exception {
        Path file = dir.resolve("ftprobe.properties");
        Files.writeString(file, "a=file\nb=file\nc=file\n");
        Map<String, String> flags = new HashMap<>();
        flags.put("a", "flag");
        flags.put("config", file.toString());
        flags.put("unset", null);
        Map<String, String> env = Map.of("FTPROBE_A", "env", "FTPROBE_B", "env", "OTHER", "x");
        Map<String, String> defaults = Map.of("a", "default", "b", "default", "c", "default", "d", "default");

        Config c = Config.load(flags, env, defaults);
        assertThat(c.getString("a")).isEqualTo("flag");
        assertThat(c.getString("b")).isEqualTo("env");
        assertThat(c.getString("c")).isEqualTo("file");
        assertThat(c.getString("d")).isEqualTo("default");
        assertThat(c.get("unset")).isEmpty();
        assertThat(c.source("a")).contains(Config.Source.FLAG);
        assertThat(c.source("b")).contains(Config.Source.ENV);
        assertThat(c.source("c")).contains(Config.Source.FILE);
        assertThat(c.source("d")).contains(Config.Source.DEFAULT);
        assertThat(c.file()).contains(file);
    }

    @Test
    void theFileMayBeNamedByTheEnvironment() throws Exception {
        Path file = dir.resolve("x.properties");
        Files.writeString(file, "metrics.port=9100\n");
        Config c = Config.load(Map.of(), Map.of("FTPROBE_CONFIG", file.toString()), Map.of("metrics.port", "0"));
        assertThat(c.getInt("metrics.port")).isEqualTo(9100);
        Config none = Config.load(Map.of(), Map.of(), Map.of("metrics.port", "0"));
        assertThat(none.getInt("metrics.port")).isZero();
        assertThatThrownBy(() ->
                        Config.load(Map.of("config", dir.resolve("missing").toString()), Map.of(), Map.of()))
                .hasMessageContaining("missing");
    }

    @Test
    void environmentNamesAndTypedValues() {
        assertThat(Config.envName("metrics.port")).isEqualTo("FTPROBE_METRICS_PORT");
        assertThat(Config.envName("data-dir")).isEqualTo("FTPROBE_DATA_DIR");
        Config c = Config.load(
                Map.of("n", "12", "x", "0.5", "t", "yes", "d", "250ms", "iso", "PT2M", "big", "9000000000"),
                Map.of("FTPROBE_BAD", "twelve"),
                Map.of());
        assertThat(c.getInt("n")).isEqualTo(12);
        assertThat(c.getLong("big")).isEqualTo(9_000_000_000L);
        assertThat(c.getDouble("x")).isEqualTo(0.5);
        assertThat(c.getBoolean("t")).isTrue();
        assertThat(c.getDuration("d")).isEqualTo(Duration.ofMillis(250));
        assertThat(c.getDuration("iso")).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> c.getInt("bad"))
                .isInstanceOf(Config.ConfigException.class)
                .hasMessageContaining("bad")
                .hasMessageContaining("twelve")
                .hasMessageContaining("env");
        assertThatThrownBy(() -> c.getString("bootstrap"))
                .hasMessageContaining("--bootstrap")
                .hasMessageContaining("FTPROBE_BOOTSTRAP");
    }
}
