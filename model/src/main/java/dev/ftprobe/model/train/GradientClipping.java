package dev.ftprobe.model.train;

import ai.djl.ndarray.NDArray;
import java.util.Collection;

/**
 * {@code torch.nn.utils.clip_grad_norm_} as HF's Trainer calls it ({@code max_grad_norm}): the 2-norm of all gradients
 * together; when it exceeds the limit, every gradient is scaled by {@code max / (norm + 1e-6)}. Unlike DJL's
 * {@code clipGrad}, which clamps each element, this keeps the gradient's direction.
 */
public final class GradientClipping {
    private GradientClipping() {}

    /**
     * Clips the gradients in place.
     *
     * @param maxNorm the limit; 0 turns clipping off (the norm is still measured)
     * @return the global norm before clipping
     */
    public static double clipGlobalNorm(Collection<NDArray> grads, double maxNorm) {
        if (!(maxNorm >= 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("max gradient norm must be >= 0 and finite, was " + maxNorm);
        }
        double squares = 0;
        for (NDArray g : grads) {
            squares += g.square().sum().getFloat();
        }
        double norm = Math.sqrt(squares);
        if (maxNorm > 0) {
            double coef = maxNorm / (norm + 1e-6);
            if (coef < 1) {
                for (NDArray g : grads) {
                    g.muli((float) coef);
                }
            }
        }
        return norm;
    }
}
