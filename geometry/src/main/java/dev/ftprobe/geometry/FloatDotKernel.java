package dev.ftprobe.geometry;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Eight single-precision dot products side by side with 8-lane SIMD, for {@link ScreenedArgmin}'s first pass: twice the
 * lanes of {@link VectorDotKernel} and half the memory traffic, and the pass over all rows is bound by memory. Its
 * values only choose which rows get the exact double product, so their bits need not match any other backend; their
 * error bound is {@link #ERROR_PER_DIMENSION}. Loaded only when the JVM has {@code jdk.incubator.vector}.
 */
final class FloatDotKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int LANES = 8;

    /**
     * |computed - exact| of {@code x . r} is at most {@code ERROR_PER_DIMENSION * (d + 8) * |x| |r|} plus
     * {@link #UNDERFLOW} per coordinate: the rounding of x and r to float (2 u each, u = 2^-24) and of at most d fused
     * multiply-adds and lane sums (gamma_d), Cauchy-Schwarz for the sum of |x_k r_k|; twice that, generously.
     */
    static final double ERROR_PER_DIMENSION = 2 * 0x1p-24;
    /** A bound on what underflow can lose per coordinate. */
    static final double UNDERFLOW = 2 * Float.MIN_NORMAL;

    private FloatDotKernel() {}

    /** {@code out[j] = x[o[j] .. o[j] + d) . w} for the eight offsets {@code o}. */
    static void dots8(float[] x, int[] o, float[] w, int d, float[] out) {
        int o0 = o[0];
        int o1 = o[1];
        int o2 = o[2];
        int o3 = o[3];
        int o4 = o[4];
        int o5 = o[5];
        int o6 = o[6];
        int o7 = o[7];
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        int k = 0;
        int bound = S.loopBound(d);
        for (; k < bound; k += LANES) {
            FloatVector wk = FloatVector.fromArray(S, w, k);
            a0 = FloatVector.fromArray(S, x, o0 + k).fma(wk, a0);
            a1 = FloatVector.fromArray(S, x, o1 + k).fma(wk, a1);
            a2 = FloatVector.fromArray(S, x, o2 + k).fma(wk, a2);
            a3 = FloatVector.fromArray(S, x, o3 + k).fma(wk, a3);
            a4 = FloatVector.fromArray(S, x, o4 + k).fma(wk, a4);
            a5 = FloatVector.fromArray(S, x, o5 + k).fma(wk, a5);
            a6 = FloatVector.fromArray(S, x, o6 + k).fma(wk, a6);
            a7 = FloatVector.fromArray(S, x, o7 + k).fma(wk, a7);
        }
        out[0] = finish(a0, x, o0, w, k, d);
        out[1] = finish(a1, x, o1, w, k, d);
        out[2] = finish(a2, x, o2, w, k, d);
        out[3] = finish(a3, x, o3, w, k, d);
        out[4] = finish(a4, x, o4, w, k, d);
        out[5] = finish(a5, x, o5, w, k, d);
        out[6] = finish(a6, x, o6, w, k, d);
        out[7] = finish(a7, x, o7, w, k, d);
    }

    private static float finish(FloatVector acc, float[] x, int xo, float[] w, int k, int d) {
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; k < d; k++) {
            s = Math.fma(x[xo + k], w[k], s);
        }
        return s;
    }
}
