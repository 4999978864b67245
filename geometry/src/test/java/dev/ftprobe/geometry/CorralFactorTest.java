package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The updated factor against a dense solve of the same corral, after every step of add/remove sequences. */
class CorralFactorTest {
    @Test
    void theUpdatedFactorAgreesWithTheDenseSolveOnRandomCorralsThroughAddsAndRemoves() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int d : new int[] {3, 12, 40}) {
            List<double[]> corral = new ArrayList<>();
            CorralFactor factor = new CorralFactor(d, 2); // a small capacity, so that it grows
            for (int step = 0; step < 200; step++) {
                boolean grow = corral.size() < 2 || (corral.size() < d + 1 && rnd.nextInt(3) > 0);
                if (grow) {
                    double[] v = gaussian(rnd, d);
                    assertThat(factor.add(gramRow(corral, v), dot(v, v)))
                            .as("d=%d step %d", d, step)
                            .isTrue();
                    corral.add(v);
                } else {
                    int r = rnd.nextInt(corral.size());
                    factor.remove(r);
                    corral.remove(r);
                }
                assertThat(factor.size()).isEqualTo(corral.size());
                assertFactorOf(factor, corral, d);
                assertMinimiserAgrees(factor, corral, 1e-8, "d=" + d + " step " + step);
            }
        }
    }

    @Test
    void aNearlyDependentVertexDoesNotEnterAndAnIndependentOneDoes() {
        SplittableRandom rnd = new SplittableRandom(8);
        int d = 20;
        List<double[]> corral = new ArrayList<>();
        CorralFactor factor = new CorralFactor(d, 4);
        for (int i = 0; i < 6; i++) {
            double[] v = gaussian(rnd, d);
            assertThat(factor.add(gramRow(corral, v), dot(v, v))).isTrue();
            corral.add(v);
        }
        double[] before = new double[6];
        factor.affineMinimiser(before);
        // an affine combination of the corral (weights summing to 1, some negative) plus noise of 1e-9
        double[] lambda = {0.7, -0.4, 0.3, 0.9, -0.6, 0.1};
        double[] dependent = new double[d];
        for (int i = 0; i < 6; i++) {
            for (int k = 0; k < d; k++) {
                dependent[k] += lambda[i] * corral.get(i)[k];
            }
        }
        double[] nearly = dependent.clone();
        nearly[3] += 1e-9;
        assertThat(factor.add(gramRow(corral, nearly), dot(nearly, nearly))).isFalse();
        assertThat(factor.size()).isEqualTo(6);
        double[] after = new double[6];
        factor.affineMinimiser(after);
        assertThat(after).containsExactly(before);
        // the same combination 1e-3 off the affine hull is independent enough: it enters and the solve stays exact
        double[] off = dependent.clone();
        off[3] += 1e-3;
        assertThat(factor.add(gramRow(corral, off), dot(off, off))).isTrue();
        corral.add(off);
        // the weights are large and of both signs (a condition number near 1e9): they agree less closely than
        // the point they give
        assertMinimiserAgrees(factor, corral, 1e-6, "nearly dependent but in");
        // and leaving again restores the earlier minimiser
        factor.remove(6);
        corral.remove(6);
        double[] again = new double[6];
        factor.affineMinimiser(again);
        for (int i = 0; i < 6; i++) {
            assertThat(again[i]).isCloseTo(before[i], within(1e-9 * (1 + Math.abs(before[i]))));
        }
    }

    @Test
    void aLinearlyDependentButAffinelyIndependentVertexEnters() {
        // 2 * v lies on the line through 0 and v, but not in the affine hull {v}: the lift tells them apart
        CorralFactor factor = new CorralFactor(1, 2);
        double[] v = {1, 2};
        assertThat(factor.add(new double[0], dot(v, v))).isTrue();
        assertThat(factor.add(new double[] {2 * dot(v, v)}, 4 * dot(v, v))).isTrue();
        double[] w = new double[2];
        factor.affineMinimiser(w);
        // the nearest point of the line through v and 2v is the origin: weights 2 and -1
        assertThat(w[0]).isCloseTo(2.0, within(1e-12));
        assertThat(w[1]).isCloseTo(-1.0, within(1e-12));
    }

    /** R'R = c ee' + G, entry by entry. */
    private static void assertFactorOf(CorralFactor factor, List<double[]> corral, double lift) {
        int k = corral.size();
        for (int i = 0; i < k; i++) {
            assertThat(factor.get(i, i)).isPositive();
            for (int j = 0; j < k; j++) {
                double rr = 0;
                for (int l = 0; l < k; l++) {
                    rr += factor.get(l, i) * factor.get(l, j);
                }
                double m = lift + dot(corral.get(i), corral.get(j));
                assertThat(rr).isCloseTo(m, within(1e-9 * (lift + dot(corral.get(i), corral.get(i)))));
            }
        }
    }

    /** Weights within {@code tolerance} relative, the points they give within it of the vertices' norms. */
    private static void assertMinimiserAgrees(
            CorralFactor factor, List<double[]> corral, double tolerance, String what) {
        int k = corral.size();
        double[] w = new double[k];
        factor.affineMinimiser(w);
        double[] expected = denseMinimiser(corral);
        double sum = 0;
        double scale = 0;
        for (int i = 0; i < k; i++) {
            assertThat(w[i]).as(what).isCloseTo(expected[i], within(tolerance * (1 + Math.abs(expected[i]))));
            sum += w[i];
            scale = Math.max(scale, Math.sqrt(dot(corral.get(i), corral.get(i))));
        }
        assertThat(sum).isCloseTo(1.0, within(1e-9));
        double[] x = point(corral, w);
        double[] y = point(corral, expected);
        for (int c = 0; c < x.length; c++) {
            assertThat(x[c]).as(what).isCloseTo(y[c], within(tolerance * scale));
        }
        // the affine minimiser is orthogonal to the corral's affine hull: x.s_i = |x|^2 for every vertex
        for (double[] s : corral) {
            assertThat(dot(x, s)).as(what).isCloseTo(dot(x, x), within(1e-9 * scale * scale));
        }
    }

    private static double[] point(List<double[]> corral, double[] w) {
        double[] x = new double[corral.get(0).length];
        for (int i = 0; i < w.length; i++) {
            for (int c = 0; c < x.length; c++) {
                x[c] += w[i] * corral.get(i)[c];
            }
        }
        return x;
    }

    /** [G 1; 1' 0] [v; mu] = [0; 1] by Gaussian elimination, without a ridge. */
    static double[] denseMinimiser(List<double[]> corral) {
        int k = corral.size();
        double[][] m = new double[k + 1][k + 2];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                m[i][j] = dot(corral.get(i), corral.get(j));
            }
            m[i][k] = 1;
            m[k][i] = 1;
        }
        m[k][k + 1] = 1;
        double[] sol = Corral.Gauss.solve(m, k + 1);
        return Arrays.copyOf(sol, k);
    }

    private static double[] gramRow(List<double[]> corral, double[] v) {
        double[] row = new double[corral.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = dot(corral.get(i), v);
        }
        return row;
    }

    static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * v[i];
        }
        return s;
    }

    static double[] gaussian(SplittableRandom rnd, int d) {
        double[] v = new double[d];
        for (int k = 0; k < d; k++) {
            v[k] = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
        }
        return v;
    }
}
