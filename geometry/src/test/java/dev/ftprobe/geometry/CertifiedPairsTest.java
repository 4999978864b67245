package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * DirectProbe decides pairs by nearest-point certificates first: pairs that nothing decides are counted, the final
 * pairs' solves are the label distances, and a merged cluster's solve starts from its parts'.
 */
class CertifiedPairsTest {
    /** An LP that never decides: every pair it is asked about stays undecided. */
    private static final class UndecidedLp implements SeparabilityLp {
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public Optional<Hyperplane> solve(LabelledPoints points, int[] a, int[] b) {
            asked.incrementAndGet();
            return Optional.empty();
        }

        @Override
        public Decision decide(LabelledPoints points, int[] a, int[] b) {
            asked.incrementAndGet();
            return new Decision(SeparationVerdict.UNDECIDED, Optional.empty(), "test double");
        }
    }

    /** Fails when asked: the certificates must decide every pair. */
    private static final SeparabilityLp NO_LP = (p, a, b) -> {
        throw new AssertionError("no LP expected");
    };

    /**
     * Six points below the segment (-1,0)-(1,0) and six above it whose lowest point is (0, 1e-9): the hulls are 1e-9
     * apart, inside the band where neither certificate holds.
     */
    private static LabelledPoints nearTouching() {
        double delta = 1e-9;
        return LabelledPoints.ofRows(
                new double[][] {
                    {-1, 0}, {1, 0}, {0, -1}, {-1, -1}, {1, -1}, {0, -2},
                    {0, delta}, {0, 1}, {1, 1}, {-1, 1}, {0, 2}, {1, 2}
                },
                new int[] {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1},
                List.of("below", "above"));
    }

    @Test
    void aPairThatNeitherTheCertificatesNorTheLpDecideIsCountedAndTreatedAsAnOverlap() {
        LabelledPoints p = nearTouching();
        UndecidedLp lp = new UndecidedLp();
        GeometryRun undecided =
                GeometryAnalysis.builder().optParallelism(2).optLp(lp).build().analyze(p);
        assertThat(lp.asked.get()).isPositive();
        // the end state's pair, and at least the merge that would join a label whole again
        assertThat(undecided.result().undecided()).isGreaterThanOrEqualTo(2);
        assertThat(undecided.clusters().undecided())
                .isEqualTo(undecided.result().undecided());
        assertThat(undecided.result().linear()).isFalse();
        assertThat(undecided.result().clusters()).isGreaterThan(2);
        assertThat(undecided.clusters().log()).anyMatch(l -> l.startsWith("undecided (counted as overlapping): "));
        // GLOP calls the 1e-9 gap infeasible (an overlap, see PairCertifierTest): the same partition, none undecided
        GeometryRun glop = GeometryAnalysis.builder().optParallelism(2).build().analyze(p);
        assertThat(glop.result().undecided()).isZero();
        assertThat(glop.clusters().clusterOfPoint())
                .containsExactly(undecided.clusters().clusterOfPoint());
        for (int i = 0; i < p.size(); i++) {
            assertThat(undecided.clusters().clusterLabel()[undecided.clusters().clusterOfPoint()[i]])
                    .isEqualTo(p.label(i));
        }
    }

    @Test
    void theFinalPairsSolvesAreTheLabelDistancesAndHoldUpWhenRecomputed() {
        LabelledPoints p = SyntheticPoints.blobs(4, 40, 6, 3.0, 21);
        GeometryRun run = GeometryAnalysis.builder()
                .optParallelism(2)
                .optLp(NO_LP)
                .build()
                .analyze(p);
        DirectProbeClusters c = run.clusters();
        assertThat(c.linear()).isTrue();
        assertThat(c.undecided()).isZero();
        assertThat(run.result().undecided()).isZero();
        int[][] members = c.members();
        assertThat(c.certified().size())
                .as("every pair of the 4 final clusters")
                .isEqualTo(6);
        for (int x = 0; x < members.length; x++) {
            for (int y = x + 1; y < members.length; y++) {
                CertifiedPairs.Solve s = c.certified().get(members[x], members[y]);
                assertThat(s).isNotNull();
                double cold = HullDistance.exact().between(p, members[x], members[y]);
                assertThat(s.distance()).isCloseTo(cold, within(1e-6 * cold));
                // the support, re-read from the points: convex weights of x's and y's points whose gap is the distance
                double[][] pq = PairCertifierTest.convexCombinations(p, members[x], members[y], s.support());
                assertThat(PairCertifierTest.distance(pq[0], pq[1])).isCloseTo(s.distance(), within(1e-6 * cold));
                // and seen from the other side, the same solve with its support turned around
                CertifiedPairs.Solve r = c.certified().get(members[y], members[x]);
                assertThat(r.distance()).isEqualTo(s.distance());
                assertThat(r.support().a()).containsExactly(s.support().b());
            }
        }
        // the label distances without the kept solves are the same to 1e-6
        DirectProbeClusters without = new DirectProbeClusters(
                c.clusterOfPoint(),
                c.clusterLabel(),
                c.clusterCount(),
                c.linear(),
                c.mergesToEnd(),
                c.firstOverlappingMerge(),
                c.timings(),
                c.log());
        double[] solved =
                LabelDistances.compute(p, without, HullDistance.exact()).vector();
        double[] reused = LabelDistances.compute(p, c, HullDistance.exact()).vector();
        assertThat(reused).hasSize(solved.length);
        for (int i = 0; i < solved.length; i++) {
            assertThat(reused[i]).isCloseTo(solved[i], within(1e-6 * solved[i]));
        }
        assertThat(run.result().distanceVector())
                .containsExactly(Arrays.stream(reused).boxed().toArray(Double[]::new));
    }

    @Test
    void aMergedClustersSolveStartsFromItsPartsSupportsWithTheColdAnswer() {
        for (double spread : new double[] {1.0, 3.0}) {
            LabelledPoints p = SyntheticPoints.blobs(2, 80, 10, spread, 5);
            List<int[]> by = p.pointsByLabel();
            int[] a = by.get(0);
            int[] a1 = Arrays.copyOfRange(a, 0, a.length / 2);
            int[] a2 = Arrays.copyOfRange(a, a.length / 2, a.length);
            int[] d = by.get(1);
            CertifiedPairs kept = new CertifiedPairs();
            PairCertifier certifier = PairCertifier.create();
            kept.put(a1, d, certifier.certify(p, a1, d, null));
            kept.put(d, a2, certifier.certify(p, d, a2, null));
            CertifiedPairs.Solve s1 = kept.get(a1, d);
            CertifiedPairs.Solve s2 = kept.get(a2, d);
            HullSupport start = s1.distance() <= s2.distance() ? s1.support() : s2.support();
            PairCertificate warm = certifier.certify(p, a, d, start);
            PairCertificate cold = certifier.certify(p, a, d, null);
            assertThat(warm.verdict()).as("spread %.1f", spread).isEqualTo(cold.verdict());
            assertThat(warm.distance()).isCloseTo(cold.distance(), within(1e-6 * cold.distance()));
            if (cold.verdict() == SeparationVerdict.SEPARABLE) {
                PairCertifierTest.assertHyperplaneSeparates(p, a, d, warm);
            }
        }
    }
}
