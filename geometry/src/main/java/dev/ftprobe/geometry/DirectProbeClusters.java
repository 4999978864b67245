package dev.ftprobe.geometry;

import java.util.List;

/**
 * The outcome of {@link DirectProbe#run}: the final partition and how it was reached.
 *
 * @param clusterOfPoint dense cluster number (0..clusterCount-1, numbered by first point) per point
 * @param clusterLabel the label id of each cluster
 * @param clusterCount the number of clusters
 * @param linear true when there is one cluster per label present (the task is linear)
 * @param mergesToEnd merges of the phase "to the end"
 * @param firstOverlappingMerge index of the first merge after which two clusters overlap, -1 when the end state does
 *     not overlap
 * @param timings milliseconds per phase, in order
 * @param log human-readable lines about the run (for log.txt)
 * @param undecided the decisions that rested on pairs neither the certificates nor the LP decided, treated as overlaps
 *     (see {@link DirectProbe}): end-state pairs plus discarded merges
 * @param certified the converged nearest-point solves of the final clusters' pairs, by member sets: their hull
 *     distances
 */
public record DirectProbeClusters(
        int[] clusterOfPoint,
        int[] clusterLabel,
        int clusterCount,
        boolean linear,
        int mergesToEnd,
        int firstOverlappingMerge,
        List<PhaseTiming> timings,
        List<String> log,
        int undecided,
        CertifiedPairs certified) {

    /** Without undecided pairs or kept solves. */
    public DirectProbeClusters(
            int[] clusterOfPoint,
            int[] clusterLabel,
            int clusterCount,
            boolean linear,
            int mergesToEnd,
            int firstOverlappingMerge,
            List<PhaseTiming> timings,
            List<String> log) {
        this(
                clusterOfPoint,
                clusterLabel,
                clusterCount,
                linear,
                mergesToEnd,
                firstOverlappingMerge,
                timings,
                log,
                0,
                new CertifiedPairs());
    }

    /** Wall time of one phase. */
    public record PhaseTiming(String phase, long millis) {}

    /** Member points of each cluster, in increasing order. */
    public int[][] members() {
        int[] counts = new int[clusterCount];
        for (int c : clusterOfPoint) {
            counts[c]++;
        }
        int[][] out = new int[clusterCount][];
        for (int c = 0; c < clusterCount; c++) {
            out[c] = new int[counts[c]];
        }
        int[] fill = new int[clusterCount];
        for (int i = 0; i < clusterOfPoint.length; i++) {
            int c = clusterOfPoint[i];
            out[c][fill[c]++] = i;
        }
        return out;
    }
}
