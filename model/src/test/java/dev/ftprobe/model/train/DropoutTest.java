package dev.ftprobe.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class DropoutTest {
    @Test
    void masksDropTheShareAndScaleTheRest() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (float p : new float[] {0.1f, 0.5f}) {
                float[] mask = Dropout.mask(m, new Shape(200, 500), p, 11).toFloatArray();
                int zeros = 0;
                for (float v : mask) {
                    if (v == 0f) {
                        zeros++;
                    } else {
                        assertThat(v).isEqualTo(1f / (1f - p));
                    }
                }
                // 100,000 draws: the share's standard deviation is below 0.0016
                assertThat((double) zeros / mask.length).isCloseTo(p, within(0.008));
            }
        }
    }

    @Test
    void theSameSeedAndStepGiveTheSameMasks() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(4, 64, 32));
            List<float[]> a = sites(Dropout.training(0.1f, 0.2f, 42, 7), x);
            List<float[]> b = sites(Dropout.training(0.1f, 0.2f, 42, 7), x);
            List<float[]> otherStep = sites(Dropout.training(0.1f, 0.2f, 42, 8), x);
            List<float[]> otherSeed = sites(Dropout.training(0.1f, 0.2f, 43, 7), x);
            for (int i = 0; i < a.size(); i++) {
                assertThat(a.get(i)).containsExactly(b.get(i));
                assertThat(a.get(i)).isNotEqualTo(otherStep.get(i));
                assertThat(a.get(i)).isNotEqualTo(otherSeed.get(i));
            }
            // successive sites of one step draw different masks
            assertThat(a.get(0)).isNotEqualTo(a.get(1));
        }
    }

    @Test
    void noneAndZeroAreTheIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(12f).reshape(3, 4);
            assertThat(Dropout.NONE.hidden(x).toFloatArray()).containsExactly(x.toFloatArray());
            assertThat(Dropout.training(0f, 0f, 1, 1)).isSameAs(Dropout.NONE);
            assertThat(Dropout.training(0f, 0.3f, 1, 1).hidden(x).toFloatArray())
                    .containsExactly(x.toFloatArray());
            assertThatThrownBy(() -> Dropout.training(1f, 0f, 1, 1)).hasMessageContaining("[0, 1)");
        }
    }

    private static List<float[]> sites(Dropout d, NDArray x) {
        return List.of(
                d.hidden(x).toFloatArray(),
                d.hidden(x).toFloatArray(),
                d.attention(x).toFloatArray());
    }
}
