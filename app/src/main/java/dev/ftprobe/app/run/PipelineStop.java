package dev.ftprobe.app.run;

/**
 * A stop that may come before the pipeline it stops exists: a SIGTERM while the embedded broker is still starting stops
 * the pipeline as soon as {@link #attach} hands it over.
 */
final class PipelineStop {
    private boolean requested;
    private PipelineRun pipeline;

    /** Stops the attached pipeline, or the one attached later. */
    synchronized void stop() {
        requested = true;
        if (pipeline != null) {
            pipeline.stop();
        }
    }

    /** Returns {@code started}, stopped at once when a stop came first. */
    synchronized PipelineRun attach(PipelineRun started) {
        pipeline = started;
        if (requested) {
            started.stop();
        }
        return started;
    }
}
