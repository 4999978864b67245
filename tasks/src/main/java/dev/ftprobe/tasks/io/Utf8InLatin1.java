package dev.ftprobe.tasks.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Catches UTF-8 text read as Latin-1. Any bytes decode as Latin-1, so a Latin-1 corpus (TREC) converted to UTF-8 would
 * read without an error, each accented letter as two or three wrong characters. A UTF-8 sequence of two to four bytes
 * (a lead byte C2-F4 and its continuation bytes 80-BF) is rare in real Latin-1 text: it would have to read like
 * {@code "Ã©"}; the canonical TREC files have none.
 */
final class Utf8InLatin1 {
    private Utf8InLatin1() {}

    /** Throws a {@link MalformedDataException} at {@code lineNo} if {@code line} holds a UTF-8 sequence. */
    static void check(String line, Path file, long lineNo) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0xC2 || c > 0xF4) {
                continue;
            }
            int n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            if (i + n > line.length()) {
                continue;
            }
            byte[] seq = new byte[n];
            boolean continuation = true;
            for (int k = 0; k < n; k++) {
                char d = line.charAt(i + k);
                continuation &= k == 0 || (d >= 0x80 && d <= 0xBF);
                seq[k] = (byte) d;
            }
            String decoded = continuation ? utf8(seq) : null;
            if (decoded != null) {
                StringBuilder hex = new StringBuilder();
                for (byte b : seq) {
                    hex.append(String.format(" %02X", b));
                }
                throw MalformedDataException.atLine(
                        file,
                        lineNo,
                        "the bytes" + hex + " at column " + (i + 1) + " are UTF-8 for '" + decoded
                                + "'; expected ISO-8859-1 (Latin-1) text, the encoding of the canonical files"
                                + " (convert with iconv -f UTF-8 -t ISO-8859-1)");
            }
        }
    }

    private static String utf8(byte[] seq) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(seq))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
