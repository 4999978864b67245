package dev.ftprobe.tasks.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a text file for line-by-line reading: a leading UTF-8 byte order mark is skipped whatever the charset (a
 * Latin-1 file saved by a Windows editor may carry one), and CRLF line ends read as LF. Undecodable bytes are an error
 * rather than silently replaced, so that a file in the wrong encoding is caught.
 */
public final class TextLines {
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private TextLines() {}

    public static BufferedReader open(Path file, Charset charset) throws IOException {
        InputStream raw = Files.newInputStream(file);
        PushbackInputStream in = new PushbackInputStream(raw, UTF8_BOM.length);
        byte[] head = in.readNBytes(UTF8_BOM.length);
        boolean bom = head.length == UTF8_BOM.length
                && head[0] == UTF8_BOM[0]
                && head[1] == UTF8_BOM[1]
                && head[2] == UTF8_BOM[2];
        if (!bom && head.length > 0) {
            in.unread(head);
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
    }
}
