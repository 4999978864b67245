package dev.ftprobe.geometry;

/**
 * Lets one thread stop an LP that another is solving once its answer is no longer needed: when parallel LPs look for
 * the first overlap of a candidate merge, the others are wasted work as soon as one overlaps. A solver registers how to
 * interrupt itself while it runs; a cancelled solve returns without an answer that counts.
 */
final class LpCancellation {
    private boolean cancelled;
    private Runnable interrupt;

    /** Stops the running solve, if any, and any later one. */
    synchronized void cancel() {
        cancelled = true;
        if (interrupt != null) {
            interrupt.run();
        }
    }

    synchronized boolean isCancelled() {
        return cancelled;
    }

    /**
     * Registers how to interrupt the solve about to start, or clears it with null once the solve has ended (before its
     * solver is freed, so that no interrupt reaches a freed solver). Returns false when already cancelled: the solve
     * need not start.
     */
    synchronized boolean whileSolving(Runnable interrupt) {
        this.interrupt = interrupt;
        return !cancelled;
    }
}
