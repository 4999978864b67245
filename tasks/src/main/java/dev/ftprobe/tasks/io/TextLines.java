package dev.ftprobe.tasks.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a text file line by line, within bounded memory, with every problem a {@link MalformedDataException} naming the
 * file and line:
 *
 * <ul>
 *   <li>a leading UTF-8 byte order mark is skipped whatever the charset (Windows editors write one, also before Latin-1
 *       text); a UTF-16 or UTF-32 one is an error, since those files are in another encoding;
 *   <li>a line ends at LF, CRLF or CR, so files saved on Windows read as saved on Unix;
 *   <li>bytes that do not decode in the file's charset are an error rather than replaced, so that a file in the wrong
 *       encoding is caught at the line where it shows; a NUL character is one too (it is what UTF-16 text or binary
 *       data looks like as UTF-8 or Latin-1); in Latin-1, so is a line that holds UTF-8 sequences (a Latin-1 file
 *       converted to UTF-8: read as Latin-1 its accented letters would silently become two characters each);
 *   <li>a line longer than {@link #MAX_LINE_CHARS} is an error as soon as it is that long: the reader never holds more
 *       than that of a line, so a binary file, or a file whose lines are not separated, cannot exhaust the heap.
 * </ul>
 */
public final class TextLines implements Closeable {
    /** The longest line read: the corpora's longest is 418 characters (STREUSLE), a tab-separated file's far below. */
    public static final int MAX_LINE_CHARS = 1 << 16;

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final int BUFFER = 1 << 16;

    private final Path file;
    private final FileChannel channel;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
    private final CharBuffer chars = CharBuffer.allocate(BUFFER);
    private final StringBuilder line = new StringBuilder();
    private boolean endOfBytes;
    private boolean endOfChars;
    /** A decoding error met after the characters now in {@link #chars}: reported once they are read. */
    private CoderResult pendingError;
    /** The last line ended at a CR: an LF right after it belongs to that line end. */
    private boolean afterCr;

    private long lineNumber;
    private boolean ended;

    private TextLines(Path file, FileChannel channel, Charset charset) {
        this.file = file;
        this.channel = channel;
        this.charset = charset;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        chars.flip();
    }

    /** Opens {@code file} for reading lines in {@code charset}; see the class comment for what is checked. */
    public static TextLines open(Path file, Charset charset) throws IOException {
        TextLines lines = new TextLines(file, FileChannel.open(file, StandardOpenOption.READ), charset);
        try {
            lines.skipByteOrderMark();
        } catch (IOException | RuntimeException e) {
            lines.close();
            throw e;
        }
        return lines;
    }

    /** The path read, for messages. */
    public Path file() {
        return file;
    }

    /** The number of the line last returned by {@link #next()} (1 for the first), or of the end once it is reached. */
    public long lineNumber() {
        return lineNumber;
    }

    /** The next line without its end, or null at the end of the file. */
    public String next() throws IOException {
        line.setLength(0);
        boolean any = false;
        while (true) {
            if (ended) {
                return null;
            }
            if (!chars.hasRemaining() && !fill()) {
                if (!any) {
                    ended = true;
                    lineNumber++;
                    return null;
                }
                return finish();
            }
            any = true;
            char[] a = chars.array();
            int start = chars.position();
            int limit = chars.limit();
            if (afterCr) {
                afterCr = false;
                if (a[start] == '\n') {
                    chars.position(++start);
                    if (start == limit) {
                        any = false;
                        continue;
                    }
                }
            }
            for (int i = start; i < limit; i++) {
                char c = a[i];
                if (c == '\n' || c == '\r') {
                    append(a, start, i);
                    chars.position(i + 1);
                    afterCr = c == '\r';
                    return finish();
                }
                if (c == 0) {
                    throw problem(
                            lineNumber + 1,
                            "a NUL character at column " + (line.length() + i - start + 1) + ": this is not "
                                    + charset.name() + " text (UTF-16? binary data?)");
                }
            }
            append(a, start, limit);
            chars.position(limit);
        }
    }

    private void append(char[] a, int from, int to) {
        if (line.length() + (to - from) > MAX_LINE_CHARS) {
            throw problem(
                    lineNumber + 1,
                    "a line longer than " + MAX_LINE_CHARS
                            + " characters: lines are not separated, or this is not a text file");
        }
        line.append(a, from, to - from);
    }

    private String finish() {
        lineNumber++;
        String s = line.toString();
        if (charset.equals(StandardCharsets.ISO_8859_1)) {
            Utf8InLatin1.check(s, file, lineNumber);
        }
        return s;
    }

    /** Decodes more characters; false at the end of the file. */
    private boolean fill() throws IOException {
        if (pendingError != null) {
            throw problem(
                    lineNumber + 1,
                    "expected " + charset.name() + " text: " + pendingError.length() + " byte(s) at column "
                            + (line.length() + 1) + " do not decode (a file in another encoding?)");
        }
        if (endOfChars) {
            return false;
        }
        chars.clear();
        while (chars.position() == 0) {
            CoderResult r = decoder.decode(bytes, chars, endOfBytes);
            if (r.isError()) {
                pendingError = r;
                break;
            }
            if (r.isOverflow()) {
                break;
            }
            if (endOfBytes) {
                decoder.flush(chars);
                endOfChars = true;
                break;
            }
            bytes.compact();
            endOfBytes = channel.read(bytes) < 0;
            bytes.flip();
        }
        chars.flip();
        if (!chars.hasRemaining() && pendingError != null) {
            return fill();
        }
        return chars.hasRemaining();
    }

    private void skipByteOrderMark() throws IOException {
        bytes.clear();
        while (bytes.position() < 4 && channel.read(bytes) >= 0) {
            // the first four bytes, or all there are
        }
        bytes.flip();
        int b0 = peek(0);
        int b1 = peek(1);
        if (b0 == 0xEF && b1 == 0xBB && peek(2) == 0xBF) {
            bytes.position(UTF8_BOM.length);
        } else if ((b0 == 0xFE && b1 == 0xFF) || (b0 == 0xFF && b1 == 0xFE) || (b0 == 0 && b1 == 0)) {
            throw problem(
                    1,
                    "starts with a UTF-16 or UTF-32 byte order mark; expected " + charset.name()
                            + " text (convert the file, e.g. with iconv -t " + charset.name() + ")");
        }
    }

    private int peek(int i) {
        return i < bytes.limit() ? Byte.toUnsignedInt(bytes.get(i)) : -1;
    }

    private MalformedDataException problem(long lineNo, String message) {
        return MalformedDataException.atLine(file, lineNo, message);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
