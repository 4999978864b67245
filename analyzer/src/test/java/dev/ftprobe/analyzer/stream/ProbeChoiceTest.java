package dev.ftprobe.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What {@code --probe-steps} and {@code --probe-layers} choose, and the values they refuse. */
class ProbeChoiceTest {
    private static long[] chosen(ProbeSteps s, long last) {
        return LongStream.rangeClosed(0, 10)
                .filter(step -> s.chosen(step, last))
                .toArray();
    }

    @Test
    void stepsChooseTheFirstAndLastEveryKthAllOrNone() {
        assertThat(chosen(ProbeSteps.parse("first,last"), 10)).containsExactly(0, 10);
        assertThat(chosen(ProbeSteps.parse(" First , Last "), Checkpoint.UNKNOWN))
                .as("the last step unknown: the first only")
                .containsExactly(0);
        assertThat(chosen(ProbeSteps.parse("every:4"), 10)).containsExactly(0, 4, 8, 10);
        assertThat(chosen(ProbeSteps.parse("all"), 10)).hasSize(11);
        assertThat(chosen(ProbeSteps.parse("none"), 10)).isEmpty();
        assertThat(ProbeSteps.parse("every:4").text()).isEqualTo("every:4");
        assertThat(ProbeSteps.parse(ProbeSteps.DEFAULT).text()).isEqualTo("first,last");
    }

    @Test
    void badStepsAreRefusedNamingTheFlag() {
        for (String bad : new String[] {"", "first", "every:0", "every:x", "every:-2", "last,all"}) {
            assertThatThrownBy(() -> ProbeSteps.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--probe-steps")
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void layersChooseTheLastAllOrTheListed() {
        assertThat(ProbeLayers.parse("last").chosen(12, 12)).isTrue();
        assertThat(ProbeLayers.parse("last").chosen(11, 12)).isFalse();
        assertThat(ProbeLayers.parse("last").chosen(0, -1))
                .as("no manifest: no last layer")
                .isFalse();
        assertThat(ProbeLayers.parse("all").chosen(3, -1)).isTrue();
        ProbeLayers listed = ProbeLayers.parse("12, 6");
        assertThat(listed.chosen(6, 12)).isTrue();
        assertThat(listed.chosen(7, 12)).isFalse();
        assertThat(listed.text()).isEqualTo("6,12");
        for (String bad : new String[] {"", "first", "1,-2", "6,", "last,2"}) {
            assertThatThrownBy(() -> ProbeLayers.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--probe-layers");
        }
    }
}
