package dev.ftprobe.probe;

import java.util.SplittableRandom;

/**
 * One model's random stream, used as sklearn uses its {@code random_state}: first the initial weights, layer by layer
 * (weights, then biases), then one shuffle of the training set per epoch. The generator is Java's
 * {@link SplittableRandom}, not numpy's Mersenne Twister, so a seed does not give sklearn's numbers, only its order of
 * use.
 */
final class ModelRandom {
    private final SplittableRandom random;

    ModelRandom(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * sklearn's {@code _init_coef} for ReLU nets: weights and biases uniform in +-sqrt(6 / (fan_in + fan_out)) (Glorot
     * uniform; the output layer uses the same factor 6, as sklearn does for every layer unless the activation is
     * logistic).
     */
    MlpWeights initialWeights(int inputs, MlpShape shape, int outputs) {
        int[] fans = {inputs, shape.hidden1(), shape.hidden2(), outputs};
        float[][] arrays = new float[6][];
        for (int layer = 0; layer < 3; layer++) {
            int in = fans[layer];
            int out = fans[layer + 1];
            double bound = Math.sqrt(6.0 / (in + out));
            arrays[2 * layer] = uniform(in * out, bound);
            arrays[2 * layer + 1] = uniform(out, bound);
        }
        return MlpWeights.of(inputs, shape, outputs, arrays);
    }

    private float[] uniform(int n, double bound) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (-bound + 2 * bound * random.nextDouble());
        }
        return out;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
