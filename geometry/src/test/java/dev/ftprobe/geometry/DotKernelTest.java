package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DotKernelTest {
    private static final int[] DIMENSIONS = {1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 127, 128, 130, 768};

    @Test
    void theTestsRunTheVectorKernel() {
        // the build passes --add-modules jdk.incubator.vector to test JVMs; without it the scalar
        // kernel would run everywhere and the SIMD path would go untested
        assertThat(DotKernel.backend()).isEqualTo(VectorDotKernel.class.getSimpleName());
    }

    @Test
    void vectorAndScalarKernelsGiveTheSameBits() {
        VectorDotKernel vector = new VectorDotKernel();
        ScalarDotKernel scalar = new ScalarDotKernel();
        SplittableRandom rnd = new SplittableRandom(11);
        for (int d : DIMENSIONS) {
            double[] x = values(rnd, 20 * d + 3);
            double[] w = values(rnd, d);
            for (int offset = 0; offset + d <= x.length; offset += d + 1) {
                assertThat(bits(vector.dot(x, offset, w, d)))
                        .as("d=%d offset=%d", d, offset)
                        .isEqualTo(bits(scalar.dot(x, offset, w, d)));
            }
            int[] offsets = {0, 3, d + 1, 5 * d, 2, 7 * d + 3, 19 * d, 11};
            double[] outVector = new double[10];
            double[] outScalar = new double[10];
            vector.dots8(x, offsets, w, d, outVector, 1);
            scalar.dots8(x, offsets, w, d, outScalar, 1);
            for (int j = 0; j < 8; j++) {
                assertThat(bits(outVector[1 + j])).as("d=%d point %d", d, j).isEqualTo(bits(outScalar[1 + j]));
                assertThat(bits(outVector[1 + j])).isEqualTo(bits(scalar.dot(x, offsets[j], w, d)));
            }
        }
    }

    @Test
    void theKernelsComputeDotProducts() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int d : DIMENSIONS) {
            double[] x = values(rnd, d);
            double[] w = values(rnd, d);
            double exact = 0;
            for (int k = 0; k < d; k++) {
                exact += x[k] * w[k];
            }
            assertThat(new VectorDotKernel().dot(x, 0, w, d))
                    .as("d=%d", d)
                    .isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-12 * d));
        }
        // small integers are exact in any order of summation
        assertThat(new ScalarDotKernel().dot(new double[] {1, 2, 3, 4, 5}, 0, new double[] {5, 4, 3, 2, 1}, 5))
                .isEqualTo(35.0);
    }

    private static double[] values(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(-3, 4));
        }
        return v;
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }
}
