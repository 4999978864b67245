package dev.ftprobe.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {
    @Test
    void clipsAllGradientsTogetherByTheirGlobalNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            // norms 5 and 12: global 13, so every element is scaled by 1 / 13 (not clamped one by one)
            NDArray a = m.create(new float[] {3f, 4f});
            NDArray b = m.create(new float[] {12f});
            double norm = GradientClipping.clipGlobalNorm(List.of(a, b), 1.0);
            assertThat(norm).isCloseTo(13.0, within(1e-6));
            double coef = 1.0 / (13.0 + 1e-6);
            assertThat(a.toFloatArray())
                    .containsExactly(new float[] {(float) (3 * coef), (float) (4 * coef)}, within(1e-7f));
            assertThat(b.toFloatArray()[0]).isCloseTo((float) (12 * coef), within(1e-7f));
        }
    }

    @Test
    void leavesSmallGradientsAndZeroMeansOff() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {0.3f, 0.4f});
            assertThat(GradientClipping.clipGlobalNorm(List.of(a), 1.0)).isCloseTo(0.5, within(1e-7));
            assertThat(a.toFloatArray()).containsExactly(0.3f, 0.4f);
            NDArray big = m.create(new float[] {30f, 40f});
            assertThat(GradientClipping.clipGlobalNorm(List.of(big), 0)).isCloseTo(50, within(1e-5));
            assertThat(big.toFloatArray()).containsExactly(30f, 40f);
        }
    }
}
