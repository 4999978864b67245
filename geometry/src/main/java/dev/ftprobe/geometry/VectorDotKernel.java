package dev.ftprobe.geometry;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DotKernel}'s arithmetic with 4-lane SIMD: lane j of a point's register holds partial sum j. Loaded only when
 * the JVM has {@code jdk.incubator.vector}. The lanes are summed by hand, not with {@code reduceLanes}, whose order of
 * additions is unspecified (it may differ between the interpreter and compiled code).
 */
final class VectorDotKernel implements DotKernel.Backend {
    // a fixed width, not SPECIES_PREFERRED: the partial sums, and so the bits of every result, must
    // not depend on the machine
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;

    @Override
    public double dot(double[] x, int xo, double[] w, int d) {
        DoubleVector acc = DoubleVector.zero(S);
        int k = 0;
        int bound = S.loopBound(d);
        for (; k < bound; k += DotKernel.LANES) {
            acc = DoubleVector.fromArray(S, x, xo + k).fma(DoubleVector.fromArray(S, w, k), acc);
        }
        return finish(acc, x, xo, w, k, d);
    }

    @Override
    public void dots8(double[] x, int[] o, double[] w, int d, double[] out, int p) {
        int o0 = o[0];
        int o1 = o[1];
        int o2 = o[2];
        int o3 = o[3];
        int o4 = o[4];
        int o5 = o[5];
        int o6 = o[6];
        int o7 = o[7];
        DoubleVector a0 = DoubleVector.zero(S);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        DoubleVector a4 = a0;
        DoubleVector a5 = a0;
        DoubleVector a6 = a0;
        DoubleVector a7 = a0;
        int k = 0;
        int bound = S.loopBound(d);
        for (; k < bound; k += DotKernel.LANES) {
            DoubleVector wk = DoubleVector.fromArray(S, w, k);
            a0 = DoubleVector.fromArray(S, x, o0 + k).fma(wk, a0);
            a1 = DoubleVector.fromArray(S, x, o1 + k).fma(wk, a1);
            a2 = DoubleVector.fromArray(S, x, o2 + k).fma(wk, a2);
            a3 = DoubleVector.fromArray(S, x, o3 + k).fma(wk, a3);
            a4 = DoubleVector.fromArray(S, x, o4 + k).fma(wk, a4);
            a5 = DoubleVector.fromArray(S, x, o5 + k).fma(wk, a5);
            a6 = DoubleVector.fromArray(S, x, o6 + k).fma(wk, a6);
            a7 = DoubleVector.fromArray(S, x, o7 + k).fma(wk, a7);
        }
        out[p] = finish(a0, x, o0, w, k, d);
        out[p + 1] = finish(a1, x, o1, w, k, d);
        out[p + 2] = finish(a2, x, o2, w, k, d);
        out[p + 3] = finish(a3, x, o3, w, k, d);
        out[p + 4] = finish(a4, x, o4, w, k, d);
        out[p + 5] = finish(a5, x, o5, w, k, d);
        out[p + 6] = finish(a6, x, o6, w, k, d);
        out[p + 7] = finish(a7, x, o7, w, k, d);
    }

    /** The register's lanes, then the coordinates past the last full register, as {@link DotKernel#finish}. */
    private static double finish(DoubleVector acc, double[] x, int xo, double[] w, int k, int d) {
        return DotKernel.finish(acc.lane(0), acc.lane(1), acc.lane(2), acc.lane(3), x, xo, w, k, d);
    }
}
