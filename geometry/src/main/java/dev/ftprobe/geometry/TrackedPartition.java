package dev.ftprobe.geometry;

/**
 * The partition that label tracking keeps from checkpoint to checkpoint: a cluster per point and a label per cluster.
 * The points of every checkpoint are the same words in the same order, so one partition applies to all.
 *
 * @param clusterOfPoint cluster id per point, in [0, clusterLabel.length); a cluster may be empty
 * @param clusterLabel label id per cluster (its majority label)
 */
public record TrackedPartition(int[] clusterOfPoint, int[] clusterLabel) {
    public TrackedPartition {
        clusterOfPoint = clusterOfPoint.clone();
        clusterLabel = clusterLabel.clone();
        for (int i = 0; i < clusterOfPoint.length; i++) {
            if (clusterOfPoint[i] < 0 || clusterOfPoint[i] >= clusterLabel.length) {
                throw new IllegalArgumentException("point " + i + " is in cluster " + clusterOfPoint[i]
                        + ", outside [0, " + clusterLabel.length + ")");
            }
        }
    }

    /** One cluster per label, cluster id = label id (the clusters of labels without points are empty). */
    public static TrackedPartition oneClusterPerLabel(LabelledPoints points) {
        int[] of = new int[points.size()];
        for (int i = 0; i < of.length; i++) {
            of[i] = points.label(i);
        }
        int[] label = new int[points.labelCount()];
        for (int l = 0; l < label.length; l++) {
            label[l] = l;
        }
        return new TrackedPartition(of, label);
    }

    /**
     * A given clustering (e.g. DirectProbe's {@link DirectProbeClusters#clusterOfPoint()} at the first checkpoint):
     * clusters 0..max, each labelled by its most common label, a tie going to the label that comes first in point order
     * (as the original's {@code Counter.most_common} over the points in index order).
     */
    public static TrackedPartition of(LabelledPoints points, int[] clusterOfPoint) {
        if (clusterOfPoint.length != points.size()) {
            throw new IllegalArgumentException(clusterOfPoint.length + " cluster ids for " + points.size() + " points");
        }
        int clusters = 0;
        for (int c : clusterOfPoint) {
            clusters = Math.max(clusters, c + 1);
        }
        int[][] counts = new int[clusters][points.labelCount()];
        int[][] firstSeen = new int[clusters][points.labelCount()];
        for (int i = clusterOfPoint.length - 1; i >= 0; i--) {
            int c = clusterOfPoint[i];
            counts[c][points.label(i)]++;
            firstSeen[c][points.label(i)] = i;
        }
        int[] label = new int[clusters];
        for (int c = 0; c < clusters; c++) {
            int best = 0;
            for (int l = 1; l < points.labelCount(); l++) {
                boolean more = counts[c][l] > counts[c][best];
                boolean tieEarlier =
                        counts[c][l] == counts[c][best] && counts[c][l] > 0 && firstSeen[c][l] < firstSeen[c][best];
                if (more || tieEarlier) {
                    best = l;
                }
            }
            label[c] = best;
        }
        return new TrackedPartition(clusterOfPoint, label);
    }

    public int clusterCount() {
        return clusterLabel.length;
    }

    /** Member points of each cluster, ascending. */
    int[][] members() {
        int[] counts = new int[clusterLabel.length];
        for (int c : clusterOfPoint) {
            counts[c]++;
        }
        int[][] out = new int[counts.length][];
        for (int c = 0; c < counts.length; c++) {
            out[c] = new int[counts[c]];
        }
        int[] fill = new int[counts.length];
        for (int i = 0; i < clusterOfPoint.length; i++) {
            int c = clusterOfPoint[i];
            out[c][fill[c]++] = i;
        }
        return out;
    }
}
