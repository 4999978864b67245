package dev.ftprobe.geometry;

/** {@link DotKernel}'s arithmetic without SIMD: four partial sums of fused multiply-adds per point. */
final class ScalarDotKernel implements DotKernel.Backend {
    @Override
    public double dot(double[] x, int xo, double[] w, int d) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 4 <= d; k += 4) {
            s0 = Math.fma(x[xo + k], w[k], s0);
            s1 = Math.fma(x[xo + k + 1], w[k + 1], s1);
            s2 = Math.fma(x[xo + k + 2], w[k + 2], s2);
            s3 = Math.fma(x[xo + k + 3], w[k + 3], s3);
        }
        return DotKernel.finish(s0, s1, s2, s3, x, xo, w, k, d);
    }

    @Override
    public void dots8(double[] x, int[] o, double[] w, int d, double[] out, int p) {
        for (int j = 0; j < 8; j++) {
            out[p + j] = dot(x, o[j], w, d);
        }
    }
}
