package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The spatial similarity of two representations for one task (METHOD.md §4): the Pearson correlation of their distance
 * vectors, defined only when both are linear. The vectors are aligned on the label pairs (by label id) both sets have a
 * distance for, since a test split may lack a label of train; otherwise the result says why it is undefined.
 */
public final class Similarity {
    /** A similarity, or why there is none: exactly one of the two is non-null. */
    public record Result(Double value, String undefined) {
        public Result {
            if ((value == null) == (undefined == null)) {
                throw new IllegalArgumentException("exactly one of value and undefined is given");
            }
        }

        static Result of(double v) {
            return new Result(v, null);
        }

        static Result undefined(String why) {
            return new Result(null, why);
        }
    }

    private Similarity() {}

    /**
     * The similarity of {@code a} and {@code b}; {@code aName} and {@code bName} say which sets they are in the reason
     * an undefined similarity gives ("test at step 20").
     */
    public static Result between(GeometryResult a, String aName, GeometryResult b, String bName) {
        if (!a.linear()) {
            return Result.undefined(notLinear(a, aName));
        }
        if (!b.linear()) {
            return Result.undefined(notLinear(b, bName));
        }
        List<double[]> pairs = new ArrayList<>();
        List<LabelGeometry> la = a.labels();
        for (int i = 0; i < la.size(); i++) {
            int bi = b.indexOf(la.get(i).id());
            if (bi < 0) {
                continue;
            }
            for (int j = i + 1; j < la.size(); j++) {
                int bj = b.indexOf(la.get(j).id());
                if (bj < 0) {
                    continue;
                }
                Double da = a.distance(i, j);
                Double db = b.distance(bi, bj);
                if (da != null && db != null) {
                    pairs.add(new double[] {da, db});
                }
            }
        }
        if (pairs.size() < 2) {
            return Result.undefined(aName + " and " + bName + " share " + pairs.size()
                    + " label pairs with a distance; a correlation needs at least 2");
        }
        double[] x = new double[pairs.size()];
        double[] y = new double[pairs.size()];
        for (int k = 0; k < pairs.size(); k++) {
            x[k] = pairs.get(k)[0];
            y[k] = pairs.get(k)[1];
        }
        OptionalDouble r = pearson(x, y);
        return r.isPresent()
                ? Result.of(r.getAsDouble())
                : Result.undefined("a distance vector of " + aName + " or " + bName + " is constant");
    }

    private static String notLinear(GeometryResult g, String name) {
        return name + " is not linear: " + g.clusters() + " clusters for "
                + g.labels().size() + " labels";
    }

    /**
     * Pearson correlation; empty when the lengths differ, a value is NaN, there are fewer than 2 entries or a side is
     * constant.
     */
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
