package dev.ftprobe.geometry;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The distances between the points of one cluster, as the original's {@code torch.nn.functional.pdist}: their mean and
 * maximum over all pairs i &lt; j.
 *
 * <p>All pairs are O(n^2 d) (NOUN's 3,187 points in 768 dimensions are 5e6 pairs), so the squared distances come from
 * the Gram matrix, {@code |x|^2 + |y|^2 - 2 x.y}, whose products are one BLAS matrix product per block of rows (ND4J's
 * OpenBLAS, many times faster than a loop over pairs: measured in BENCHMARKS.md). That form cancels where two points
 * are close; a pair whose squared distance is below {@link #CANCELLATION} of its squared norms is recomputed from the
 * coordinates' differences, so identical points give 0 and close ones their exact distance. A BLAS product gives the
 * same values on any number of threads (each element is one dot product in a fixed order), and the sums run in a fixed
 * order, so the result is reproducible.
 */
public final class InsideDistances {
    /** Rows of the Gram matrix computed at once: 1,024 x 3,187 doubles are 26 MB. */
    private static final int BLOCK = 1024;
    /** Relative size below which the Gram form's rounding (about 1e-16 of the norms) could matter. */
    private static final double CANCELLATION = 1e-6;

    private InsideDistances() {}

    /** {mean, max} over the pairs of {@code members}; {NaN, NaN} for fewer than two points. */
    public static double[] meanAndMax(LabelledPoints points, int[] members) {
        int k = members.length;
        if (k < 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        int d = points.dimension();
        double[] rows = new double[k * d];
        double[] norm = new double[k];
        for (int i = 0; i < k; i++) {
            double[] p = points.point(members[i]);
            System.arraycopy(p, 0, rows, i * d, d);
            double s = 0;
            for (double v : p) {
                s += v * v;
            }
            norm[i] = s;
        }
        double sum = 0;
        double max = 0;
        try (INDArray x = Nd4j.create(rows, new long[] {k, d}, 'c')) {
            for (int r0 = 0; r0 < k; r0 += BLOCK) {
                int r1 = Math.min(k, r0 + BLOCK);
                // rows r0..r1 against columns r0..k: the pairs i < j with i in this block
                // the views share x's buffer (closing them would close it); the product and its copy are freed here
                INDArray left = x.get(NDArrayIndex.interval(r0, r1), NDArrayIndex.all());
                INDArray right = x.get(NDArrayIndex.interval(r0, k), NDArrayIndex.all());
                double[] g;
                try (INDArray gram = left.mmul(right.transpose());
                        INDArray dense = gram.dup('c')) {
                    g = dense.data().asDouble();
                }
                int width = k - r0;
                for (int i = r0; i < r1; i++) {
                    int row = (i - r0) * width - r0;
                    for (int j = i + 1; j < k; j++) {
                        double d2 = norm[i] + norm[j] - 2 * g[row + j];
                        if (d2 < CANCELLATION * (norm[i] + norm[j])) {
                            d2 = points.squaredDistance(members[j], points.point(members[i]));
                        }
                        double dist = Math.sqrt(d2);
                        sum += dist;
                        max = Math.max(max, dist);
                    }
                }
            }
        }
        long pairs = (long) k * (k - 1) / 2;
        return new double[] {sum / pairs, max};
    }
}
