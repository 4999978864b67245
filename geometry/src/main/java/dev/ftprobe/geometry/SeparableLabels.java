package dev.ftprobe.geometry;

/**
 * The label pairs whose clusters in the end state (one per label) are separable. Every cluster of a label is a subset
 * of its end cluster, so such pairs stay separable in every state and are never tested again.
 */
final class SeparableLabels {
    private final boolean[][] separable;

    SeparableLabels(int labels) {
        separable = new boolean[labels][labels];
    }

    void mark(int labelA, int labelB) {
        separable[labelA][labelB] = true;
        separable[labelB][labelA] = true;
    }

    boolean separable(int labelA, int labelB) {
        return separable[labelA][labelB];
    }
}
