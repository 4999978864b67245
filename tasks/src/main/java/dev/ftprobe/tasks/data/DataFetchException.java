package dev.ftprobe.tasks.data;

import java.io.IOException;

/** A download that did not produce a good file; nothing was left at the target path. */
public final class DataFetchException extends IOException {
    public DataFetchException(String message) {
        super(message);
    }

    public DataFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
