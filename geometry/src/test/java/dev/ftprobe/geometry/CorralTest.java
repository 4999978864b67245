package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The corral's switch between the factor and the dense solve. */
class CorralTest {
    @Test
    void theDenseSolveStandsInUntilAVertexLeavesAndGivesTheFactorsAnswer() {
        SplittableRandom rnd = new SplittableRandom(2);
        int d = 30;
        Corral corral = new Corral(d, d, Corral.RESIDUAL);
        List<double[]> vertices = new ArrayList<>();
        for (int i = 0; i < 20; i++) { // more than the initial capacity of 16
            double[] v = CorralFactorTest.gaussian(rnd, d);
            corral.add(i, i, v);
            vertices.add(v);
        }
        double[] factored = Arrays.copyOf(corral.affineMinimiser(), 20);
        assertThat(corral.fallbacks()).isZero();
        assertThat(corral.useDenseSolve()).isTrue();
        assertThat(corral.useDenseSolve()).as("already in use").isFalse();
        double[] dense = Arrays.copyOf(corral.affineMinimiser(), 20);
        assertThat(corral.fallbacks()).isEqualTo(1);
        double[] exact = CorralFactorTest.denseMinimiser(vertices);
        for (int i = 0; i < 20; i++) {
            assertThat(dense[i]).isCloseTo(factored[i], within(1e-9 * (1 + Math.abs(factored[i]))));
            assertThat(factored[i]).isCloseTo(exact[i], within(1e-9 * (1 + Math.abs(exact[i]))));
        }
        // a vertex that enters in dense mode is in the Gram matrix that the rebuild after a removal reads
        double[] extra = CorralFactorTest.gaussian(rnd, d);
        corral.add(20, 20, extra);
        vertices.add(extra);
        corral.remove(3);
        vertices.remove(3);
        assertThat(corral.a(3)).isEqualTo(4);
        double[] back = Arrays.copyOf(corral.affineMinimiser(), 20);
        assertThat(corral.fallbacks()).as("the factor is back").isEqualTo(1);
        double[] expected = CorralFactorTest.denseMinimiser(vertices);
        for (int i = 0; i < 20; i++) {
            assertThat(back[i]).isCloseTo(expected[i], within(1e-9 * (1 + Math.abs(expected[i]))));
        }
        // a duplicate vertex is dependent: it enters the dense solve, and leaving again brings the factor back
        corral.add(99, 99, vertices.get(0));
        assertThat(corral.contains(99, 99)).isTrue();
        corral.affineMinimiser();
        assertThat(corral.fallbacks()).isEqualTo(2);
        corral.remove(corral.size() - 1);
        corral.affineMinimiser();
        assertThat(corral.fallbacks()).isEqualTo(2);
        assertThat(corral.addIfIndependent(98, 98, vertices.get(1))).isFalse();
        assertThat(corral.size()).isEqualTo(20);
    }
}
