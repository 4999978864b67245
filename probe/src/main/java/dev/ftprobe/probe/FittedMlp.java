package dev.ftprobe.probe;

/**
 * One trained MLP probe.
 *
 * @param epochs the epochs it ran (sklearn's {@code n_iter_})
 * @param loss the last epoch's training loss (sklearn's {@code loss_})
 * @param converged false when it stopped at the epoch limit (where sklearn warns {@code ConvergenceWarning})
 */
public record FittedMlp(MlpWeights weights, double alpha, long seed, int epochs, double loss, boolean converged) {}
