package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The batched cheap tests must change the speed only: same values, same partition. */
class BatchedCheapTestsTest {

    @Test
    void batchedDotsEqualSingleDotsBitForBit() {
        LabelledPoints p = SyntheticPoints.blobs(
                2, 11, 37, 0.5, 4); // from index 1: 21 points, so blocks of 8, one of 4 and one single
        SplittableRandom rnd = new SplittableRandom(5);
        double[] w = new double[p.dimension()];
        for (int k = 0; k < w.length; k++) {
            w[k] = rnd.nextDouble(-3, 3);
        }
        int[] idx = new int[p.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = (i * 7) % idx.length; // a permutation, so the batch is not just consecutive rows
        }
        double[] out = new double[idx.length + 3];
        p.dots(idx, 1, idx.length, w, out, 3);
        for (int i = 1; i < idx.length; i++) {
            assertThat(Double.doubleToRawLongBits(out[3 + i - 1]))
                    .as("point %d", idx[i])
                    .isEqualTo(Double.doubleToRawLongBits(p.dot(idx[i], w)));
        }
    }

    @Test
    void batchedGreedyGivesThePlainPartition() {
        // heavily overlapping labels, so that the greedy phase runs and many centroid-direction tests decide
        LabelledPoints p = SyntheticPoints.blobs(6, 60, 16, 0.05, 17);
        DirectProbeClusters plain = DirectProbe.builder()
                .optParallelism(2)
                .optDirectionCheck(new PlainDirectionCheck())
                .build()
                .run(p);
        DirectProbeClusters batched =
                DirectProbe.builder().optParallelism(2).build().run(p);
        assertThat(plain.firstOverlappingMerge()).isGreaterThanOrEqualTo(0);
        assertThat(plain.log()).anyMatch(l -> l.matches("greedy: [1-9][0-9]* merges.*"));
        assertThat(plain.log()).anyMatch(l -> l.matches("overlap tests: .*centroid-direction=[1-9].*"));
        assertThat(batched.clusterOfPoint()).isEqualTo(plain.clusterOfPoint());
        assertThat(batched.clusterLabel()).isEqualTo(plain.clusterLabel());
        assertThat(batched.mergesToEnd()).isEqualTo(plain.mergesToEnd());
        assertThat(batched.firstOverlappingMerge()).isEqualTo(plain.firstOverlappingMerge());
    }
}
