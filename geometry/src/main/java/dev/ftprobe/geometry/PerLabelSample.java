package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A seeded sample of a set's points with at most {@code maxPerLabel} points of each label.
 *
 * <p>Why: DirectProbe's cost grows much faster than the points (about 2 minutes on 2 cores for a step-0 POS train set
 * of 17,015 words, against under a second for 100 words per label; BENCHMARKS.md), so on a small machine the full sets
 * cannot be analysed as fast as training makes checkpoints. A sample bounds that cost, and the retained embeddings keep
 * every point, so the same run can be replayed at full size later.
 *
 * <p>Which points are kept depends only on the seed, the points' example ids and their labels, never on their vectors
 * or on the order in which they arrived, so every step and layer of a split keeps the same examples, and the geometry
 * of the steps stays comparable. Within a label, the points with the smallest keys {@code mix(seed, example id)} are
 * kept (a bijection of the id, so distinct ids never tie); labels with fewer points keep all of them.
 *
 * <p>Note for readers of the results: linear separability is easier with fewer points (in 128 dimensions a few hundred
 * points of each label are often separable where thousands are not), so cluster counts of samples of different sizes
 * are not comparable with each other or with the full set.
 */
public record PerLabelSample(int maxPerLabel, long seed) {
    public PerLabelSample {
        if (maxPerLabel < 1) {
            throw new IllegalArgumentException("the sample's points per label must be at least 1, got " + maxPerLabel);
        }
    }

    /** The positions kept, ascending; {@code exampleIds} are the points' distinct example ids. */
    public int[] positions(int[] labels, int[] exampleIds) {
        if (exampleIds.length != labels.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + exampleIds.length + " example ids");
        }
        int labelCount = 0;
        for (int l : labels) {
            if (l < 0) {
                throw new IllegalArgumentException("negative label id " + l);
            }
            labelCount = Math.max(labelCount, l + 1);
        }
        List<List<Integer>> byLabel = new ArrayList<>();
        for (int l = 0; l < labelCount; l++) {
            byLabel.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byLabel.get(labels[i]).add(i);
        }
        int[] kept = new int[labels.length];
        int n = 0;
        for (List<Integer> members : byLabel) {
            if (members.size() <= maxPerLabel) {
                for (int i : members) {
                    kept[n++] = i;
                }
                continue;
            }
            Integer[] order = members.toArray(new Integer[0]);
            Arrays.sort(order, (x, y) -> {
                int c = Long.compareUnsigned(key(exampleIds[x]), key(exampleIds[y]));
                return c != 0 ? c : Integer.compare(x, y);
            });
            for (int j = 0; j < maxPerLabel; j++) {
                kept[n++] = order[j];
            }
        }
        int[] out = Arrays.copyOf(kept, n);
        Arrays.sort(out);
        return out;
    }

    /** The sample of these points, whose example ids are {@code exampleIds} (all labels keep their names and ids). */
    public LabelledPoints of(LabelledPoints points, int[] exampleIds) {
        int[] labels = new int[points.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = points.label(i);
        }
        return points.subset(positions(labels, exampleIds));
    }

    /** SplitMix64's step and finaliser of seed and example id: a fixed, well-mixed key per example. */
    private long key(int exampleId) {
        long z = seed + 0x9E3779B97F4A7C15L * (exampleId + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
