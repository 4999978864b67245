package dev.ftprobe.extractor;

/** A checkpoint event that cannot be processed: it goes to the dead-letter topic with this reason. */
final class RejectedEvent extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RejectedEvent(String reason) {
        super(reason);
    }
}
