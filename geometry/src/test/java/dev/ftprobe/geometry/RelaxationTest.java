package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The precomputed relaxation must give the plain one's hyperplanes bit for bit (or fail where it fails). */
class RelaxationTest {

    @Test
    void precomputedRelaxationEqualsThePlainOne() {
        int separated = 0;
        int failed = 0;
        for (long seed = 0; seed < 40; seed++) {
            // spreads from clearly separable to overlapping, so both outcomes are compared
            double spread = 0.05 + 0.05 * (seed % 8);
            LabelledPoints p = SyntheticPoints.blobs(2, 25, 12, spread, seed);
            int[] a = p.pointsByLabel().get(0);
            int[] b = p.pointsByLabel().get(1);
            double[] start = new double[p.dimension()];
            for (int k = 0; k < start.length; k++) {
                start[k] = p.get(a[0], k) - p.get(b[0], k);
            }
            Hyperplane fast = Relaxation.separate(p, a, b, start);
            Hyperplane plain = PlainRelaxation.separate(p, a, b, start);
            if (plain == null) {
                assertThat(fast).as("seed %d", seed).isNull();
                failed++;
                continue;
            }
            assertThat(fast).as("seed %d", seed).isNotNull();
            assertThat(Double.doubleToRawLongBits(fast.b())).isEqualTo(Double.doubleToRawLongBits(plain.b()));
            for (int k = 0; k < start.length; k++) {
                assertThat(Double.doubleToRawLongBits(fast.w()[k])).isEqualTo(Double.doubleToRawLongBits(plain.w()[k]));
            }
            separated++;
        }
        assertThat(separated).isPositive();
        assertThat(failed).isPositive();
    }
}
