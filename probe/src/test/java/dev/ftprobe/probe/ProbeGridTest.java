package dev.ftprobe.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProbeGridTest {
    @Test
    void thePapersGridHas16ShapesAnd8Alphas() {
        ProbeGrid paper = ProbeGrid.parse(" Paper ");
        assertThat(paper.size()).isEqualTo(128);
        assertThat(paper.shapes()).hasSize(16).startsWith(new MlpShape(32, 32)).endsWith(new MlpShape(256, 256));
        assertThat(paper.shapes()).contains(new MlpShape(256, 32), new MlpShape(32, 256));
        assertThat(paper.alphas()).containsExactly(1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0);
        assertThat(ProbeGrid.parse("small").size()).isEqualTo(4);
    }

    @Test
    void aValueThatNamesNoGridIsRefused() {
        assertThatThrownBy(() -> ProbeGrid.parse("  ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ProbeGrid.parse(null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> ProbeGrid.parse("papr"))
                .hasMessageContaining("'papr'")
                .hasMessageContaining("paper");
    }

    @Test
    void aGridOfOnesOwnListsShapesThenAlphas() {
        ProbeGrid one = ProbeGrid.parse(" 256x128 / 1e-4 ");
        assertThat(one.shapes()).containsExactly(new MlpShape(256, 128));
        assertThat(one.alphas()).containsExactly(1e-4);
        assertThat(one.name()).isEqualTo("256x128/1e-4");
        ProbeGrid two = ProbeGrid.parse("32X32,64x16/0,1e-2");
        assertThat(two.shapes()).containsExactly(new MlpShape(32, 32), new MlpShape(64, 16));
        assertThat(two.alphas()).containsExactly(0.0, 1e-2);
        assertThat(two.size()).isEqualTo(4);
    }

    @Test
    void aMalformedGridOfOnesOwnNamesItsBadPart() {
        assertThatThrownBy(() -> ProbeGrid.parse("256x/1e-4")).hasMessageContaining("shape '256x'");
        assertThatThrownBy(() -> ProbeGrid.parse("0x32/1e-4")).hasMessageContaining("shape '0x32'");
        assertThatThrownBy(() -> ProbeGrid.parse("32x32/-1")).hasMessageContaining("L2 weight '-1'");
        assertThatThrownBy(() -> ProbeGrid.parse("32x32/nan")).hasMessageContaining("L2 weight 'nan'");
        assertThatThrownBy(() -> ProbeGrid.parse("32x32/")).hasMessageContaining("L2 weight ''");
        assertThatThrownBy(() -> ProbeGrid.parse("32x32/1/2")).hasMessageContaining("unknown probe grid");
    }
}
