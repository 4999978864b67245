package dev.ftprobe.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AnalyzerConfigTest {
    @Test
    void streamsSettingsAllowLongAnalysesUnderExactlyOnce() {
        Analyzer a = Analyzer.builder().setBootstrap("localhost:1").optAnalysisId("x1").optLayers(List.of(2, 3))
                .optStateDir(Path.of("/tmp/s")).optSetAnalysis(new TestSets.CentroidGeometry()).build();
        Properties p = a.streamsProperties();
        assertThat(p.getProperty("application.id")).isEqualTo("ftprobe-analyzer-x1");
        assertThat(p.getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(p.getProperty("state.dir")).isEqualTo("/tmp/s");
        assertThat(p.getProperty("consumer.max.poll.interval.ms")).isEqualTo("900000");
        assertThat(p.getProperty("producer.transaction.timeout.ms")).isEqualTo("900000");
        assertThat(p.getProperty("auto.offset.reset")).isEqualTo("earliest");
        assertThat(a.settings().layers()).containsExactlyInAnyOrder(2, 3);
        assertThat(a.settings().dynamicsTopic()).isEqualTo("ftprobe.analysis.x1.dynamics");
        assertThat(Analyzer.setsOf("r", 25, "pos", List.of("train", "test"), List.of(0, 1)))
                .extracting(s -> s.key())
                .containsExactly("r/25/pos/train/0", "r/25/pos/train/1", "r/25/pos/test/0", "r/25/pos/test/1");
        assertThat(Analyzer.stepKeysOf("r", 25, "pos", List.of(1)))
                .containsExactly("r/pos/1/0000000000000000025");
    }

    @Test
    void badSettingsAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> Analyzer.builder().build()).hasMessageContaining("setBootstrap");
        assertThatThrownBy(() -> Analyzer.builder().setBootstrap("b").optAnalysisId("no/slash").build())
                .hasMessageContaining("analysis id");
        assertThatThrownBy(() -> AnalyzerSettings.builder().setSetAnalysis(new TestSets.CentroidGeometry())
                .optSplits("train", "train")).hasMessageContaining("must differ");
    }
}
