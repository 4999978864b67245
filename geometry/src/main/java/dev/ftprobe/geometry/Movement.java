package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Label centroids and their movement (METHOD.md §5). PCA uses ND4J; its JavaCPP native libraries are unpacked into the
 * directory named by the system property {@code org.bytedeco.javacpp.cachedir} (the build sets it for tests; the
 * launcher may set it for runs).
 */
public final class Movement {
    private Movement() {}

    /** The mean of each label's points, a row per label id; NaN rows for labels without points. */
    public static double[][] centroids(LabelledPoints points) {
        int d = points.dimension();
        double[][] out = new double[points.labelCount()][d];
        int[] count = new int[out.length];
        for (int i = 0; i < points.size(); i++) {
            points.addTo(i, out[points.label(i)]);
            count[points.label(i)]++;
        }
        for (int r = 0; r < out.length; r++) {
            for (int k = 0; k < d; k++) {
                out[r][k] = count[r] == 0 ? Double.NaN : out[r][k] / count[r];
            }
        }
        return out;
    }

    /**
     * Projects the rows onto their first two principal components (centred, not scaled), from the eigenvectors of the d
     * x d scatter matrix (ND4J's LAPACK symmetric eigensolver). The sign of each component is fixed so that its largest
     * loading is positive, so that the same input always gives the same picture. Needs at least 2 rows; rows must be
     * finite.
     */
    public static double[][] pca2d(double[][] rows) {
        if (rows.length < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 rows, got " + rows.length);
        }
        int d = rows[0].length;
        INDArray x = Nd4j.create(rows).castTo(DataType.DOUBLE);
        INDArray centred = x.subRowVector(x.mean(0));
        int dims = Math.min(2, d);
        // eigenvectors of the scatter matrix X^T X, eigenvalues ascending: the last columns lead
        INDArray scatter = centred.transpose().mmul(centred);
        Eigen.symmetricGeneralizedEigenvalues(scatter, true);
        INDArray factor = Nd4j.create(DataType.DOUBLE, d, dims);
        for (int c = 0; c < dims; c++) {
            factor.putColumn(c, scatter.getColumn(d - 1 - c));
        }
        for (int c = 0; c < dims; c++) {
            INDArray col = factor.getColumn(c);
            int arg = Nd4j.argMax(Nd4j.math().abs(col.dup())).getInt(0);
            if (col.getDouble(arg) < 0) {
                factor.putColumn(c, col.neg());
            }
        }
        INDArray proj = centred.mmul(factor);
        double[][] out = new double[rows.length][2];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < dims; c++) {
                out[r][c] = proj.getDouble(r, c);
            }
        }
        return out;
    }

    /**
     * Each label's path of movement vectors over the steps, projected onto two dimensions by one PCA ({@link #pca2d})
     * fitted on every (label, step) vector, so that all paths share the same axes: the paper's picture of how label
     * centroids travel during fine-tuning. A null vector (the label has no movement at that step) stays null. Labels
     * are taken, and returned, in the map's iteration order (the caller's label order), so the same input gives the
     * same projection.
     *
     * @param paths per label, one vector per step (null where absent), all of one dimension
     * @throws IllegalArgumentException with fewer than two vectors in all
     */
    public static Map<String, List<double[]>> paths2d(Map<String, List<double[]>> paths) {
        Map<String, List<double[]>> ordered = paths;
        List<double[]> rows = new ArrayList<>();
        for (List<double[]> path : ordered.values()) {
            for (double[] v : path) {
                if (v != null) {
                    rows.add(v);
                }
            }
        }
        double[][] projected = pca2d(rows.toArray(new double[0][]));
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        int next = 0;
        for (Map.Entry<String, List<double[]>> e : ordered.entrySet()) {
            List<double[]> path = new ArrayList<>();
            for (double[] v : e.getValue()) {
                path.add(v == null ? null : projected[next++]);
            }
            out.put(e.getKey(), path);
        }
        return out;
    }
}
