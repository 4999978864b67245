package dev.ftprobe.geometry;

import java.util.OptionalDouble;

/** Spatial similarity of two representations for one task (METHOD.md §4). */
public final class Similarity {
    private Similarity() {}

    /**
     * The Pearson correlation of the two distance vectors; empty (undefined) unless both
     * representations are linear for the task, or when a vector is constant or has an undefined
     * entry.
     */
    public static OptionalDouble of(GeometryResult x, GeometryResult y) {
        if (!x.linear() || !y.linear()) {
            return OptionalDouble.empty();
        }
        return pearson(x.distanceVector(), y.distanceVector());
    }

    /** Pearson correlation; empty when the lengths differ, a value is NaN, there are fewer than 2 entries or a side is constant. */
    public static OptionalDouble pearson(double[] a, double[] b) {
        if (a.length != b.length || a.length < 2) {
            return OptionalDouble.empty();
        }
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) || Double.isNaN(b[i])) {
                return OptionalDouble.empty();
            }
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i] - ma;
            double y = b[i] - mb;
            sab += x * y;
            saa += x * x;
            sbb += y * y;
        }
        if (saa == 0 || sbb == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb))));
    }
}
