package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The measurement behind {@link GlopSeparabilityLp#ATTEMPTS} (its first attempt): GLOP's defaults against the chosen
 * parameters on separability LPs of the shapes DirectProbe meets, best of three. Opt-in (it takes about a minute):
 * {@code ./mvnw -pl analyzer -am test -Dtest=GlopParametersBenchmark -Dsurefire.excludedGroups=
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("opt-in")
class GlopParametersBenchmark {
    private static final int[][] SHAPES = {{200, 128}, {500, 128}, {1000, 128}, {200, 768}, {500, 768}, {1000, 768}};

    @Test
    void defaultsAgainstTheChosenParameters() {
        GlopSeparabilityLp lp = new GlopSeparabilityLp();
        System.out.println("| points x d | spread | result | GLOP defaults | "
                + GlopSeparabilityLp.ATTEMPTS.get(0).parameters() + " | ratio |");
        System.out.println("|---|---|---|---|---|---|");
        for (int[] shape : SHAPES) {
            for (double spread : new double[] {0.5, 0.03}) {
                LabelledPoints p = SyntheticPoints.blobs(2, shape[0], shape[1], spread, 7);
                List<int[]> byLabel = p.pointsByLabel();
                int[] a = byLabel.get(0);
                int[] b = byLabel.get(1);
                boolean separable = lp.solve(p, a, b, "").isPresent();
                assertThat(lp.solve(p, a, b).isPresent())
                        .as("both settings give the same answer")
                        .isEqualTo(separable);
                double defaults = bestOfThree(() -> lp.solve(p, a, b, ""));
                double chosen = bestOfThree(() -> lp.solve(p, a, b));
                System.out.printf(
                        "| %d+%d x %d | %.2f | %s | %.1f ms | %.1f ms | %.2f |%n",
                        shape[0],
                        shape[0],
                        shape[1],
                        spread,
                        separable ? "separable" : "overlap",
                        defaults,
                        chosen,
                        chosen / defaults);
            }
        }
    }

    private static double bestOfThree(Runnable r) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t) / 1e6);
        }
        return best;
    }
}
