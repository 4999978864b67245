package dev.ftprobe.probe;

import java.util.Arrays;
import java.util.SplittableRandom;

/** A seeded split of train into a part to fit on and a held-out part for the grid search. */
record HeldOutSplit(int[] fit, int[] heldOut) {
    /**
     * A uniformly random {@code fraction} of the n positions (at least one) held out, the rest (at least one) to fit;
     * both ascending.
     */
    static HeldOutSplit of(int n, double fraction, long seed) {
        if (n < 2) {
            throw new IllegalArgumentException("train needs at least 2 points for a held-out part, has " + n);
        }
        int held = (int) Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        int[] out = Arrays.copyOfRange(p, 0, held);
        int[] in = Arrays.copyOfRange(p, held, n);
        Arrays.sort(out);
        Arrays.sort(in);
        return new HeldOutSplit(in, out);
    }
}
