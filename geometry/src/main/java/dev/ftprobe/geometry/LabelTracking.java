package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The paper's per-checkpoint method: one partition kept for every checkpoint, only its overlaps checked and its
 * distances computed, no re-clustering.
 *
 * <p>What the authors' code does ({@code utahnlp/BERT-fine-tuning-analysis}, {@code probing/batch_probing.py}, with
 * {@code analyzer.py}, {@code probing.py}, {@code space.py}): for every checkpoint and layer 1 to 12 it loads one fixed
 * clustering ({@code probing_cluster_path}; for the paper's representations one cluster per label), labels each cluster
 * by its most common label and drops the clusters of at most 5 points. It then asks whether any two remaining clusters
 * of different labels overlap ({@code Probe._check_overlaps}: a bounding-sphere test, then Gurobi's feasibility LP with
 * FeasibilityTol 1e-4, or without Gurobi a hard-margin SVC on standardised points). If none does, it computes for every
 * pair of clusters of different labels the hull distance ({@code Space.hull2hull}: a linear SVC with C = 1e6, 0 when it
 * misclassifies a point), the distance of two labels as the mean over their cluster pairs, and writes over the full
 * label set of {@code tags.txt} (label ids = sorted names): the label distance vector (pairs i &lt; j in id order, 0
 * for a pair without clusters), each label's minimum distance (0 where it has none), and per label the mean over its
 * clusters of the mean pairwise point distance ({@code pdist}) and the max over its clusters of the max (0 for a label
 * without clusters). If any pair overlaps, all four vectors are zeros (lengths n(n-1)/2 and n). Values are written with
 * 4 decimals.
 *
 * <p>This class does the same, with these differences: the overlap check and the distance come from one nearest-point
 * solve per pair ({@link PairCertifier}; GLOP's LP only where it proves nothing), and the distances are exact (Wolfe's
 * algorithm) instead of the SVC's; a pair neither certificates nor LP decide is UNDECIDED and counted apart
 * ({@link TrackingResult#undecided()}), not as an overlap, so under {@link TrackingConventions#ORIGINAL} only an
 * OVERLAP verdict zeroes the vectors. Under {@link TrackingConventions#STRICT} undefined values stay NaN and the
 * distances are kept when clusters overlap (an overlapping pair's distance is 0). Which layers and checkpoints to
 * track, and the 4-decimal output, are the caller's.
 *
 * <p>Warm starts: the partition is fixed, so the same {@link ClusterPair} is the same two clusters at every checkpoint;
 * {@link #track} takes the previous step's supports ({@link TrackingResult#supports()}) and starts each solve from
 * them. Deterministic: the result does not depend on the parallelism or the warm starts (up to the solver's tolerance
 * in the distances).
 */
public final class LabelTracking {
    /** Clusters with at most this many points are left out (the original's {@code len(indices) > 5}). */
    public static final int MAX_LEFT_OUT_SIZE = 5;

    private final PairCertifier certifier;
    private final int parallelism;
    private final boolean insideDistances;

    private LabelTracking(PairCertifier certifier, int parallelism, boolean insideDistances) {
        this.certifier = certifier;
        this.parallelism = parallelism;
        this.insideDistances = insideDistances;
    }

    /** With {@link PairCertifier#create()}, one thread. */
    public static LabelTracking create() {
        return new LabelTracking(PairCertifier.create(), 1, true);
    }

    /** With the given certifier and number of threads for the pairs and clusters. */
    public static LabelTracking of(PairCertifier certifier, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive, got " + parallelism);
        }
        return new LabelTracking(Objects.requireNonNull(certifier, "certifier"), parallelism, true);
    }

    /**
     * The same tracking without the inside mean and max distances (NaN in the result): they cost O(n^2 d) per cluster,
     * about 11 s for a 17,015-word BERT base set on 2 cores, far more than the pairs' solves, and a caller that does
     * not publish them (the analyzer) should not pay for them at every checkpoint.
     */
    public LabelTracking withoutInsideDistances() {
        return new LabelTracking(certifier, parallelism, false);
    }

    /** One cluster per label, cold starts. */
    public TrackingResult track(LabelledPoints points) {
        return track(points, TrackedPartition.oneClusterPerLabel(points), Map.of());
    }

    /**
     * The overlaps and distances of {@code partition}'s clusters of more than 5 points; {@code previous}: the last
     * step's supports (may be empty or null).
     */
    public TrackingResult track(
            LabelledPoints points, TrackedPartition partition, Map<ClusterPair, HullSupport> previous) {
        if (partition.clusterOfPoint().length != points.size()) {
            throw new IllegalArgumentException(
                    "partition of " + partition.clusterOfPoint().length + " points for " + points.size());
        }
        Map<ClusterPair, HullSupport> warm = previous == null ? Map.of() : previous;
        int[][] members = partition.members();
        int[] label = partition.clusterLabel();
        int[] kept = IntStream.range(0, members.length)
                .filter(c -> members[c].length > MAX_LEFT_OUT_SIZE)
                .toArray();
        int[] leftOut = IntStream.range(0, members.length)
                .filter(c -> members[c].length > 0 && members[c].length <= MAX_LEFT_OUT_SIZE)
                .toArray();
        List<ClusterPair> pairs = new ArrayList<>();
        for (int x = 0; x < kept.length; x++) {
            for (int y = x + 1; y < kept.length; y++) {
                if (label[kept[x]] != label[kept[y]]) {
                    pairs.add(new ClusterPair(kept[x], kept[y]));
                }
            }
        }
        List<PairCertificate> certs = map(pairs.size(), i -> {
            ClusterPair p = pairs.get(i);
            return certifier.certify(points, members[p.first()], members[p.second()], warm.get(p));
        });
        List<double[]> inside = insideDistances
                ? map(kept.length, i -> InsideDistances.meanAndMax(points, members[kept[i]]))
                : Collections.nCopies(kept.length, new double[] {Double.NaN, Double.NaN});
        Map<ClusterPair, PairCertificate> byPair = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            byPair.put(pairs.get(i), certs.get(i));
        }
        return assemble(points, label, kept, leftOut, byPair, inside);
    }

    private static TrackingResult assemble(
            LabelledPoints points,
            int[] label,
            int[] kept,
            int[] leftOut,
            Map<ClusterPair, PairCertificate> byPair,
            List<double[]> inside) {
        List<String> names = points.labelNames();
        int n = names.size();
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparing(names::get));
        int[] rank = new int[n];
        List<String> sorted = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            rank[order[r]] = r;
            sorted.add(names.get(order[r]));
        }
        double[][] sum = new double[n][n];
        int[][] count = new int[n][n];
        byPair.forEach((p, c) -> {
            int i = rank[label[p.first()]];
            int j = rank[label[p.second()]];
            sum[i][j] += c.distance();
            sum[j][i] += c.distance();
            count[i][j]++;
            count[j][i]++;
        });
        double[][] dist = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                dist[i][j] = i == j ? 0 : count[i][j] == 0 ? Double.NaN : sum[i][j] / count[i][j];
            }
        }
        double[] meanSum = new double[n];
        int[] clusters = new int[n];
        double[] max = new double[n];
        Arrays.fill(max, Double.NaN);
        for (int x = 0; x < kept.length; x++) {
            int r = rank[label[kept[x]]];
            meanSum[r] += inside.get(x)[0];
            clusters[r]++;
            max[r] = Double.isNaN(max[r]) ? inside.get(x)[1] : Math.max(max[r], inside.get(x)[1]);
        }
        double[] mean = new double[n];
        List<String> without = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            mean[r] = clusters[r] == 0 ? Double.NaN : meanSum[r] / clusters[r];
            if (clusters[r] == 0) {
                without.add(sorted.get(r));
            }
        }
        return new TrackingResult(
                List.copyOf(sorted),
                kept,
                leftOut,
                List.copyOf(without),
                Collections.unmodifiableMap(byPair),
                dist,
                mean,
                max);
    }

    /** {@code f(0..n-1)} in order, on {@code parallelism} threads. */
    private <T> List<T> map(int n, IntFunction<T> f) {
        if (parallelism == 1 || n < 2) {
            return IntStream.range(0, n).mapToObj(f).toList();
        }
        ForkJoinPool pool = new ForkJoinPool(parallelism);
        try {
            return pool.submit(
                            () -> IntStream.range(0, n).parallel().mapToObj(f).toList())
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }
}
