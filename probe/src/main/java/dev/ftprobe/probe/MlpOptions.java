package dev.ftprobe.probe;

/**
 * How one MLP probe is trained: scikit-learn 0.22 {@code MLPClassifier}'s Adam solver settings.
 *
 * @param learningRate Adam's step size ({@code learning_rate_init})
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param epsilon Adam's denominator guard
 * @param batchSize mini-batch size; {@code min(batchSize, n)} is used, as sklearn's {@code batch_size='auto'}
 * @param tol the training loss must fall by more than this to count as an improvement
 * @param nIterNoChange training stops after more than this many epochs in a row without an improvement
 * @param maxIter the most epochs
 */
public record MlpOptions(
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        int batchSize,
        double tol,
        int nIterNoChange,
        int maxIter) {
    public MlpOptions {
        if (batchSize < 1 || maxIter < 1 || nIterNoChange < 0) {
            throw new IllegalArgumentException(
                    "batchSize and maxIter must be positive, nIterNoChange not negative: " + this);
        }
    }

    /** scikit-learn's defaults, which the paper used: lr 1e-3, betas 0.9 / 0.999, eps 1e-8, 200, 1e-4, 10, 1000. */
    public static MlpOptions sklearn() {
        return new MlpOptions(1e-3, 0.9, 0.999, 1e-8, 200, 1e-4, 10, 1000);
    }

    /** The same with another epoch limit (tests). */
    public MlpOptions withMaxIter(int epochs) {
        return new MlpOptions(learningRate, beta1, beta2, epsilon, batchSize, tol, nIterNoChange, epochs);
    }
}
