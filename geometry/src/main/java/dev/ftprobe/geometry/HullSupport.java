package dev.ftprobe.geometry;

/**
 * The nearest points of two hulls as convex weights: {@code sum w_i (p[a_i] - p[b_i])} is the nearest point of conv(A)
 * - conv(B), with {@code a_i} in A and {@code b_i} in B (point indices). Opaque to callers outside this package: they
 * only keep it and pass it back as the next solve's warm start.
 */
public record HullSupport(int[] a, int[] b, double[] weights) {
    public HullSupport {
        if (a.length != b.length || a.length != weights.length) {
            throw new IllegalArgumentException(
                    "support of " + a.length + ", " + b.length + " and " + weights.length + " entries");
        }
    }

    static HullSupport of(MinNormPoint.Support s) {
        return new HullSupport(s.a(), s.b(), s.weights());
    }

    MinNormPoint.Support toSupport() {
        return new MinNormPoint.Support(a, b, weights);
    }

    public int size() {
        return a.length;
    }
}
