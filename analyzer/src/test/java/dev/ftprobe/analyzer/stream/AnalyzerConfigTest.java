package dev.ftprobe.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class AnalyzerConfigTest {
    @Test
    void streamsSettingsAllowLongAnalysesUnderExactlyOnce() {
        Analyzer a = Analyzer.builder()
                .setBootstrap("localhost:1")
                .optAnalysisId("x1")
                .optLayers(List.of(2, 3))
                .optStateDir(Path.of("/tmp/s"))
                .optSetAnalysis(new TestSets.CentroidGeometry())
                .build();
        Properties p = a.streamsProperties();
        assertThat(p.getProperty("application.id")).isEqualTo("ftprobe-analyzer-x1");
        assertThat(p.getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(p.getProperty("state.dir")).isEqualTo("/tmp/s");
        assertThat(p.getProperty("consumer.max.poll.interval.ms")).isEqualTo("900000");
        assertThat(p.getProperty("producer.transaction.timeout.ms")).isEqualTo("900000");
        assertThat(p.getProperty("auto.offset.reset")).isEqualTo("earliest");
        assertThat(p.getProperty("processing.exception.handler.global.enabled")).isEqualTo("true");
        assertThat(a.settings().layers()).containsExactlyInAnyOrder(2, 3);
        assertThat(a.settings().dynamicsTopic()).isEqualTo("ftprobe.analysis.x1.dynamics");
        assertThat(Analyzer.setsOf("r", 25, "pos", List.of("train", "test"), List.of(0, 1)))
                .extracting(s -> s.key())
                .containsExactly("r/25/pos/train/0", "r/25/pos/train/1", "r/25/pos/test/0", "r/25/pos/test/1");
        assertThat(Analyzer.stepKeysOf("r", 25, "pos", List.of(1))).containsExactly("r/pos/1/0000000000000000025");
    }

    @Test
    void theSessionTimeoutReachesTheMainConsumer() {
        Properties p = Analyzer.builder()
                .setBootstrap("localhost:1")
                .optSetAnalysis(new TestSets.CentroidGeometry())
                .optSessionTimeout(Duration.ofSeconds(6))
                .build()
                .streamsProperties();
        assertThat(p.getProperty("main.consumer.session.timeout.ms")).isEqualTo("6000");
        assertThat(p.getProperty("main.consumer.heartbeat.interval.ms")).isEqualTo("2000");
        // a set still may take as long as before between two polls
        assertThat(p.getProperty("consumer.max.poll.interval.ms")).isEqualTo("900000");
        assertThatThrownBy(() -> Analyzer.builder().optSessionTimeout(Duration.ZERO))
                .hasMessage("session timeout must be positive, got PT0S");
    }

    @Test
    void theApplicationStartsWithoutTheProcessingExceptionHandlerNotice(@TempDir Path state) {
        Logger streamsLog = (Logger) LoggerFactory.getLogger("org.apache.kafka.streams.StreamsConfig");
        Level level = streamsLog.getLevel();
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.setContext(streamsLog.getLoggerContext());
        warnings.start();
        streamsLog.setLevel(Level.WARN);
        streamsLog.addAppender(warnings);
        try {
            // the constructor builds the stream thread and its main consumer, whose partition assignor reads
            // the Streams settings again: both warned that the handler is not enabled for global state
            assertThat(notices(Analyzer.builder().optStreamsConfig(NOTICE_KEY, false), state, warnings))
                    .isEqualTo(1);
            assertThat(notices(Analyzer.builder(), state, warnings)).isZero();
        } finally {
            streamsLog.detachAppender(warnings);
            streamsLog.setLevel(level);
        }
    }

    private static final String NOTICE_KEY = "processing.exception.handler.global.enabled";

    /** The handler notices that constructing this analyzer's Streams application logs. */
    private static long notices(Analyzer.Builder b, Path state, ListAppender<ILoggingEvent> warnings) {
        warnings.list.clear();
        Analyzer a = b.setBootstrap("127.0.0.1:1")
                .optStateDir(state)
                .optSetAnalysis(new TestSets.CentroidGeometry())
                .build();
        new KafkaStreams(AnalyzerTopology.buildTopology(a.settings()), a.streamsProperties()).close();
        return warnings.list.stream()
                .filter(e -> e.getFormattedMessage().contains(NOTICE_KEY))
                .count();
    }

    @Test
    void theDefaultsAreTheDeclaredOnes() {
        Analyzer a = Analyzer.builder()
                .setBootstrap("localhost:1")
                .optSetAnalysis(new TestSets.CentroidGeometry())
                .build();
        AnalyzerSettings s = a.settings();
        assertThat(s.analysisId()).isEqualTo("default");
        assertThat(s.layers()).isEmpty();
        assertThat(List.of(s.trainSplit(), s.testSplit())).containsExactly("train", "test");
        assertThat(AnalyzerSettings.DEFAULT_SPLITS).isEqualTo("train,test");
        assertThat(s.baselineStep()).isZero();
        Properties p = a.streamsProperties();
        assertThat(p.getProperty("num.stream.threads")).isEqualTo("1");
        assertThat(p.getProperty("state.dir"))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".ftprobe", "analyzer-state")
                        .toString());
    }

    @Test
    void anyTwoSplitsMayBeCompared() {
        Analyzer a = Analyzer.builder()
                .setBootstrap("localhost:1")
                .optSplits("dev", "test")
                .optSetAnalysis(new TestSets.CentroidGeometry())
                .build();
        assertThat(List.of(a.settings().trainSplit(), a.settings().testSplit())).containsExactly("dev", "test");
        AnalyzerSettings s = AnalyzerSettings.builder()
                .setSetAnalysis(new TestSets.CentroidGeometry())
                .optSplits(List.of("test", "dev"))
                .build();
        assertThat(List.of(s.trainSplit(), s.testSplit())).containsExactly("test", "dev");
    }

    @Test
    void badSettingsAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> Analyzer.builder().build()).hasMessageContaining("setBootstrap");
        assertThatThrownBy(() -> Analyzer.builder()
                        .setBootstrap("b")
                        .optAnalysisId("no/slash")
                        .build())
                .hasMessageContaining("analysis id");
        assertThatThrownBy(() -> AnalyzerSettings.builder()
                        .setSetAnalysis(new TestSets.CentroidGeometry())
                        .optSplits("train", "train"))
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> AnalyzerSettings.builder().optSplits(List.of("train", "dev", "test")))
                .hasMessage("the dynamics compare two splits (train first, e.g. train,test), got 3: "
                        + "[train, dev, test]");
        assertThatThrownBy(() -> AnalyzerSettings.builder().optSplits(List.of("train")))
                .hasMessageContaining("got 1");
        assertThatThrownBy(() -> AnalyzerSettings.builder().optSplits("train", " "))
                .hasMessage("the test split has no name");
        assertThatThrownBy(() -> Analyzer.builder().optLayers(List.of(1, -1)))
                .hasMessageContaining("layers must be >= 0");
    }
}
