package dev.ftprobe.model.train;

import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's {@code torch.no_grad()} for the current thread, restored on close. Grad mode is per thread and on by
 * default; DJL switches it off only on the thread that loads the engine. Where another thread loaded it first (the
 * classifier probe's workers, in the same JVM), the optimizer's in-place updates of the parameters fail with "a leaf
 * Variable that requires grad is being used in an in-place operation" unless they run under this.
 */
final class NoGrad implements AutoCloseable {
    private final boolean previous;

    NoGrad() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
