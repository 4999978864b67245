package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScreenedArgminTest {
    @Test
    void theScreenedAnswerIsTheFullPassesAtEveryStepTiesIncluded() {
        SplittableRandom rnd = new SplittableRandom(19);
        int n = 500;
        int d = 33; // not a multiple of the kernel's 4 lanes
        double[] data = new double[n * d];
        for (int i = 0; i < n; i++) {
            // every fifth row repeats an earlier one: exact ties, which must go to the lower index
            int from = i % 5 == 4 ? rnd.nextInt(i) : -1;
            for (int k = 0; k < d; k++) {
                data[i * d + k] = from >= 0 ? data[from * d + k] : 3 * (rnd.nextDouble() - 0.5);
            }
        }
        for (double sign : new double[] {1, -1}) {
            ScreenedArgmin screened = new ScreenedArgmin(data, n, d, sign, true);
            ScreenedArgmin full = new ScreenedArgmin(data, n, d, sign, false);
            double[] target = CorralFactorTest.gaussian(rnd, d);
            double[] x = new double[d];
            for (int t = 1; t <= 300; t++) {
                // x settles on the target, as Wolfe's iterates do, with occasional jumps back
                double noise = t % 50 == 0 ? 1 : 1.0 / (t * t);
                for (int k = 0; k < d; k++) {
                    x[k] = target[k] + noise * (rnd.nextDouble() - 0.5);
                }
                int expected = firstMin(data, n, d, sign, x);
                assertThat(full.argmin(x)).as("step %d", t).isEqualTo(expected);
                assertThat(screened.argmin(x)).as("step %d", t).isEqualTo(expected);
            }
            assertThat(full.skipped()).isZero();
            assertThat(screened.skipped()).isGreaterThan(300L * n / 2);
        }
    }

    @Test
    void rowsThatFloatCannotTellApartStillGiveTheDoublePassesAnswer() {
        // the first pass rounds rows to float (7 digits): rows 1e-12 apart are one float row, and only the exact
        // second round can order them; a Wolfe-like x on their common face makes them all near-minimal
        SplittableRandom rnd = new SplittableRandom(23);
        int n = 400;
        int d = 64;
        double[] base = CorralFactorTest.gaussian(rnd, d);
        double[] data = new double[n * d];
        for (int i = 0; i < n; i++) {
            double[] row = i % 2 == 0 ? base : CorralFactorTest.gaussian(rnd, d);
            for (int k = 0; k < d; k++) {
                data[i * d + k] = (i % 2 == 0 ? 5 : 0) + row[k] + (i % 2 == 0 ? 1e-12 * rnd.nextDouble() : 0);
            }
        }
        for (double sign : new double[] {1, -1}) {
            ScreenedArgmin screened = new ScreenedArgmin(data, n, d, sign, true);
            double[] x = new double[d];
            for (int t = 1; t <= 100; t++) {
                for (int k = 0; k < d; k++) {
                    x[k] = -sign * (base[k] + 5) + (rnd.nextDouble() - 0.5) / (t * t);
                }
                assertThat(screened.argmin(x)).as("step %d", t).isEqualTo(firstMin(data, n, d, sign, x));
            }
        }
    }

    private static int firstMin(double[] data, int n, int d, double sign, double[] x) {
        int best = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = sign * DotKernel.dot(data, i * d, x, d);
            if (v < min) {
                min = v;
                best = i;
            }
        }
        return best;
    }
}
