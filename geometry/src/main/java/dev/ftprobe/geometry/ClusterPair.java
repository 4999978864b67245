package dev.ftprobe.geometry;

/** Two clusters of a {@link TrackedPartition}, {@code first < second}: the key of a pair's warm start. */
public record ClusterPair(int first, int second) {
    public ClusterPair {
        if (first < 0 || first >= second) {
            throw new IllegalArgumentException("need 0 <= first < second, got " + first + ", " + second);
        }
    }
}
