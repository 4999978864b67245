package dev.ftprobe.tasks.conllu;

import dev.ftprobe.tasks.io.MalformedDataException;
import dev.ftprobe.tasks.io.TextLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the basic trees of a CoNLL-U file (UTF-8): the {@code sent_id} comment, and ID, FORM, UPOS, HEAD and DEPREL of
 * every word. Multiword-token lines ({@code 1-2}) and empty nodes ({@code 8.1}) are checked for shape and skipped,
 * because they are not words of the basic tree. Every other deviation from the format stops reading with a
 * {@link MalformedDataException} naming the line.
 *
 * <p>A sentence without a {@code sent_id} gets {@code <file name>#<ordinal>} so that ids stay stable; duplicate ids are
 * an error because examples and splits are keyed by them.
 */
public final class ConlluReader {
    private static final int COLUMNS = 10;
    /** The most words in a sentence: BERT reads at most 512 word pieces; PUD's longest sentence has 59 words. */
    public static final int MAX_WORDS = 10_000;

    private ConlluReader() {}

    public static List<ConlluSentence> read(Path file) throws IOException {
        List<ConlluSentence> sentences = new ArrayList<>();
        Set<String> seenIds = new HashSet<>();
        try (TextLines in = TextLines.open(file, StandardCharsets.UTF_8)) {
            SentenceBuilder current = new SentenceBuilder();
            String line;
            while ((line = in.next()) != null) {
                long lineNo = in.lineNumber();
                if (line.isBlank()) {
                    if (!current.isEmpty()) {
                        sentences.add(current.build(file, sentences.size() + 1, seenIds));
                        current = new SentenceBuilder();
                    }
                } else if (line.startsWith("#")) {
                    current.comment(line, file, lineNo);
                } else {
                    current.wordLine(line, file, lineNo);
                }
            }
            if (!current.isEmpty()) {
                sentences.add(current.build(file, sentences.size() + 1, seenIds));
            }
            if (sentences.isEmpty()) {
                throw MalformedDataException.atLine(
                        file, in.lineNumber(), "expected at least one sentence (tab-separated word lines), found none");
            }
        }
        return sentences;
    }

    /** Collects one sentence's lines and checks what can only be checked once it is complete. */
    private static final class SentenceBuilder {
        private String sentId;
        private final List<ConlluWord> words = new ArrayList<>();
        private final List<Long> wordLines = new ArrayList<>();
        private long firstLine = -1;

        boolean isEmpty() {
            return firstLine < 0;
        }

        void comment(String line, Path file, long lineNo) {
            mark(lineNo);
            String body = line.substring(1).trim();
            if (body.startsWith("sent_id")) {
                String rest = body.substring("sent_id".length()).trim();
                if (!rest.startsWith("=") || rest.substring(1).isBlank()) {
                    throw MalformedDataException.atLine(
                            file, lineNo, "expected '# sent_id = <id>', found " + MalformedDataException.quoted(line));
                }
                sentId = rest.substring(1).trim();
            }
        }

        void wordLine(String line, Path file, long lineNo) {
            mark(lineNo);
            // counted before splitting, so that a line of a million columns costs no million strings
            long columns = line.chars().filter(c -> c == '\t').count() + 1;
            if (columns != COLUMNS) {
                throw MalformedDataException.atLine(
                        file, lineNo, "expected " + COLUMNS + " tab-separated columns, found " + columns);
            }
            if (words.size() == MAX_WORDS) {
                throw MalformedDataException.atLine(
                        file, lineNo, "expected at most " + MAX_WORDS + " words in a sentence, found more");
            }
            String[] cols = line.split("\t", -1);
            String id = cols[0];
            if (id.matches("\\d+-\\d+")) {
                return; // multiword token: its words follow on their own lines
            }
            if (id.matches("\\d+\\.\\d+")) {
                return; // empty node of the enhanced graph: not part of the basic tree
            }
            int wordId = parseInt(id, file, lineNo, "ID", "a word id (an integer, N-M or N.M)");
            if (wordId != words.size() + 1) {
                throw MalformedDataException.atLine(
                        file, lineNo, "expected word id " + (words.size() + 1) + ", found " + wordId);
            }
            int head = parseInt(cols[6], file, lineNo, "HEAD", "an integer head (0 for the root)");
            String form = require(cols[1], file, lineNo, "FORM");
            String upos = require(cols[3], file, lineNo, "UPOS");
            String deprel = require(cols[7], file, lineNo, "DEPREL");
            words.add(new ConlluWord(wordId, form, upos, head, deprel));
            wordLines.add(lineNo);
        }

        ConlluSentence build(Path file, int ordinal, Set<String> seenIds) {
            if (words.isEmpty()) {
                throw MalformedDataException.atLine(
                        file, firstLine, "expected word lines after the comments of this sentence, found none");
            }
            for (int i = 0; i < words.size(); i++) {
                ConlluWord w = words.get(i);
                if (w.head() < 0 || w.head() > words.size()) {
                    throw MalformedDataException.atLine(
                            file,
                            wordLines.get(i),
                            "expected HEAD between 0 and " + words.size() + " (the sentence's words), found "
                                    + w.head());
                }
                if (w.head() == w.id()) {
                    throw MalformedDataException.atLine(
                            file, wordLines.get(i), "expected a HEAD other than the word itself");
                }
            }
            String id = sentId != null ? sentId : file.getFileName() + "#" + ordinal;
            if (!seenIds.add(id)) {
                throw MalformedDataException.atLine(
                        file, firstLine, "expected a unique sent_id, '" + id + "' occurs twice");
            }
            return new ConlluSentence(id, words);
        }

        private void mark(long lineNo) {
            if (firstLine < 0) {
                firstLine = lineNo;
            }
        }

        private static int parseInt(String s, Path file, long lineNo, String column, String expected) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw MalformedDataException.atLine(
                        file,
                        lineNo,
                        "column " + column + ": expected " + expected + ", found " + MalformedDataException.quoted(s));
            }
        }

        private static String require(String s, Path file, long lineNo, String column) {
            if (s.isEmpty() || (s.equals("_") && !column.equals("FORM"))) {
                throw MalformedDataException.atLine(
                        file,
                        lineNo,
                        "column " + column + ": expected a value, found " + MalformedDataException.quoted(s));
            }
            return s;
        }
    }
}
