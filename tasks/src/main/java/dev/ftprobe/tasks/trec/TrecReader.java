package dev.ftprobe.tasks.trec;

import dev.ftprobe.tasks.io.MalformedDataException;
import dev.ftprobe.tasks.io.TextLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a TREC question-classification label file (Li &amp; Roth): Latin-1 (the canonical {@code train_5500.label} has
 * bytes above 0x7F), one {@code COARSE:fine question} per line. Blank lines are skipped; a line whose first field is
 * not a {@code COARSE:fine} label, or that has no question after it, is an error naming the line.
 */
public final class TrecReader {
    private static final Pattern LABEL = Pattern.compile("[A-Z]+:[A-Za-z]+");
    private static final Pattern SPACES = Pattern.compile("[ \t]+");

    private TrecReader() {}

    public static List<TrecQuestion> read(Path file) throws IOException {
        List<TrecQuestion> out = new ArrayList<>();
        try (TextLines in = TextLines.open(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = in.next()) != null) {
                long lineNo = in.lineNumber();
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                String[] parts = SPACES.split(trimmed);
                if (!LABEL.matcher(parts[0]).matches()) {
                    throw MalformedDataException.atLine(
                            file,
                            lineNo,
                            "expected a label 'COARSE:fine' (e.g. 'LOC:city') before the question, found "
                                    + MalformedDataException.quoted(parts[0]));
                }
                if (parts.length < 2) {
                    throw MalformedDataException.atLine(
                            file, lineNo, "expected a question after the label " + parts[0]);
                }
                out.add(new TrecQuestion(lineNo, parts[0], Arrays.asList(parts).subList(1, parts.length)));
            }
            if (out.isEmpty()) {
                throw MalformedDataException.atLine(
                        file, in.lineNumber(), "expected at least one labelled question, found none");
            }
        }
        return out;
    }
}
