package dev.ftprobe.app.export;

/** What the export cannot do, said so that the user knows what is missing; the command exits 2 with it. */
final class ExportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExportException(String message) {
        super(message);
    }
}
