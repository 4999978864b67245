package dev.ftprobe.probe;

/** The two hidden layers' sizes of an MLP probe. */
public record MlpShape(int hidden1, int hidden2) {
    public MlpShape {
        if (hidden1 < 1 || hidden2 < 1) {
            throw new IllegalArgumentException("hidden sizes must be positive, got " + hidden1 + ", " + hidden2);
        }
    }
}
