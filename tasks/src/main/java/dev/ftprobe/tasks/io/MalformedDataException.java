package dev.ftprobe.tasks.io;

import java.nio.file.Path;

/**
 * Input that does not have the expected format. The message always names the file and the place in it (a line number,
 * or a sentence id and field) and says what was expected, so that a user can fix or replace the file without reading
 * our code.
 */
public final class MalformedDataException extends RuntimeException {
    private final transient Path file;
    private final String location;

    public MalformedDataException(Path file, String location, String problem) {
        this(file, location, problem, null);
    }

    public MalformedDataException(Path file, String location, String problem, Throwable cause) {
        super(file + ": " + location + ": " + problem, cause);
        this.file = file;
        this.location = location;
    }

    public static MalformedDataException atLine(Path file, long line, String problem) {
        return new MalformedDataException(file, "line " + line, problem);
    }

    /** Input quoted in a message: {@code 'text'}, cut to its first 60 characters, so that a message stays a line. */
    public static String quoted(String text) {
        return "'" + (text.length() <= 60 ? text : text.substring(0, 60) + "...") + "'";
    }

    /** The file that is malformed. */
    public Path file() {
        return file;
    }

    /** Where in the file: {@code line N} or {@code sentence ID, field F}. */
    public String location() {
        return location;
    }
}
