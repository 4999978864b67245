package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.SetGeometry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The spatial similarity of two sets' geometries (METHOD.md §4): the Pearson correlation of their
 * distance vectors, defined only when both are linear. The vectors are aligned on the label pairs both
 * sets have a distance for (a test split may lack a label of train); otherwise the result says why it
 * is undefined.
 */
final class Similarity {
    /** A similarity, or why there is none: exactly one of the two is non-null. */
    record Result(Double value, String undefined) {
        static Result of(double v) {
            return new Result(v, null);
        }

        static Result undefined(String why) {
            return new Result(null, why);
        }
    }

    private Similarity() {}

    static Result between(SetGeometry a, SetGeometry b) {
        for (SetGeometry g : List.of(a, b)) {
            if (!g.linear()) {
                return Result.undefined(describe(g) + " is not linear: " + g.clusters() + " clusters for "
                        + g.labels().size() + " labels");
            }
        }
        Map<String, Integer> bIndex = new HashMap<>();
        for (int i = 0; i < b.labels().size(); i++) {
            bIndex.put(b.labels().get(i), i);
        }
        List<double[]> pairs = new ArrayList<>();
        List<String> la = a.labels();
        for (int i = 0; i < la.size(); i++) {
            Integer bi = bIndex.get(la.get(i));
            if (bi == null) {
                continue;
            }
            for (int j = i + 1; j < la.size(); j++) {
                Integer bj = bIndex.get(la.get(j));
                if (bj == null) {
                    continue;
                }
                Double da = a.distance(i, j);
                Double db = bi < bj ? b.distance(bi, bj) : b.distance(bj, bi);
                if (da != null && db != null) {
                    pairs.add(new double[] {da, db});
                }
            }
        }
        if (pairs.size() < 2) {
            return Result.undefined(describe(a) + " and " + describe(b) + " share " + pairs.size()
                    + " label pairs with a distance; a correlation needs at least 2");
        }
        double[] x = new double[pairs.size()];
        double[] y = new double[pairs.size()];
        for (int k = 0; k < pairs.size(); k++) {
            x[k] = pairs.get(k)[0];
            y[k] = pairs.get(k)[1];
        }
        Double r = pearson(x, y);
        return r == null ? Result.undefined("a distance vector of " + describe(a) + " or " + describe(b)
                + " is constant") : Result.of(r);
    }

    /** Pearson's r (the geometry core's), null when either vector has no variance. */
    static Double pearson(double[] x, double[] y) {
        java.util.OptionalDouble r = dev.ftprobe.geometry.Similarity.pearson(x, y);
        return r.isPresent() ? r.getAsDouble() : null;
    }

    private static String describe(SetGeometry g) {
        return g.split() + " at step " + g.step();
    }
}
