package dev.ftprobe.probe;

/**
 * One trained (or initial) MLP: input d, hidden h1 and h2 (ReLU), output c units (softmax, or one logistic unit for two
 * classes, as sklearn). Weights are row-major fan_in x fan_out, as sklearn's {@code coefs_}.
 */
public record MlpWeights(
        int inputs,
        MlpShape shape,
        int outputs,
        float[] w1,
        float[] b1,
        float[] w2,
        float[] b2,
        float[] w3,
        float[] b3) {

    /** The number of output units for this many classes: one logistic unit for two, else one per class. */
    public static int outputsFor(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        return classes == 2 ? 1 : classes;
    }

    /** The weights and biases in layer order: w1, b1, w2, b2, w3, b3. */
    float[][] arrays() {
        return new float[][] {w1, b1, w2, b2, w3, b3};
    }

    /** The shapes of {@link #arrays()}, each [fan_in, fan_out] (biases [1, fan_out]). */
    long[][] arrayShapes() {
        int h1 = shape.hidden1();
        int h2 = shape.hidden2();
        return new long[][] {{inputs, h1}, {1, h1}, {h1, h2}, {1, h2}, {h2, outputs}, {1, outputs}};
    }

    static MlpWeights of(int inputs, MlpShape shape, int outputs, float[][] arrays) {
        return new MlpWeights(inputs, shape, outputs, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4], arrays[5]);
    }
}
