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
}
