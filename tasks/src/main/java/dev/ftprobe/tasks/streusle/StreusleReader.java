package dev.ftprobe.tasks.streusle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.ftprobe.tasks.io.MalformedDataException;
import dev.ftprobe.tasks.io.TextLines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a STREUSLE 4.x JSON file (a top-level array of sentences) with Jackson's streaming parser, keeping only what
 * the preposition-supersense tasks need: {@code sent_id}; {@code #} and {@code word} of each token in {@code toks}; and
 * {@code lexcat}, {@code ss}, {@code ss2} and {@code toknums} of each unit in {@code swes} and {@code smwes}. Every
 * other field is skipped unread, so files that lack them (the rebuilt train file) read like the official ones, and the
 * train file reads without building a tree of its 8 MB.
 *
 * <p>Jackson skips a UTF-8 byte order mark itself; whitespace (CRLF included) is insignificant in JSON; UTF-16 and
 * UTF-32 (which JSON allows) are detected from the first bytes. Bytes that are not UTF-8 are an error. Errors name the
 * file, the JSON line and the sentence id and field concerned. Memory is bounded by what is kept: strings that are read
 * are at most {@link TextLines#MAX_LINE_CHARS} characters, a sentence at most {@link #MAX_TOKENS} tokens, and whatever
 * is skipped is streamed past, so a file of one enormous line reads, or fails, within the same memory.
 */
public final class StreusleReader {
    /** The most tokens of a sentence, and token numbers of a unit: the longest real sentence has 85 tokens. */
    public static final int MAX_TOKENS = 10_000;
    /**
     * Strings that are read (ids, words, categories) are at most a line's length ({@link TextLines#MAX_LINE_CHARS});
     * skipped ones are not buffered at all, so the reader holds no more than that of any value.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(TextLines.MAX_LINE_CHARS)
                    .build())
            .build();

    private StreusleReader() {}

    public static List<StreusleSentence> read(Path file) throws IOException {
        List<StreusleSentence> sentences = new ArrayList<>();
        Set<String> seenIds = new HashSet<>();
        try (JsonParser p = JSON.createParser(file.toFile())) {
            try {
                readSentences(new Context(file, p), sentences, seenIds);
            } catch (JsonProcessingException e) {
                // a limit of StreamReadConstraints has no location of its own: the parser is where it was exceeded
                JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation();
                throw new MalformedDataException(
                        file, "line " + at.getLineNr(), "expected well-formed JSON: " + e.getOriginalMessage(), e);
            }
        }
        if (sentences.isEmpty()) {
            throw new MalformedDataException(file, "top level", "expected at least one sentence, found an empty array");
        }
        return sentences;
    }

    private static void readSentences(Context ctx, List<StreusleSentence> sentences, Set<String> seenIds)
            throws IOException {
        JsonParser p = ctx.parser;
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_ARRAY) {
            throw ctx.error("top level", "expected a JSON array of sentences, found " + describe(first));
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                throw ctx.error(
                        "sentence " + (sentences.size() + 1), "expected a sentence object, found " + describe(t));
            }
            StreusleSentence s = readSentence(ctx, sentences.size() + 1);
            if (!seenIds.add(s.id())) {
                throw ctx.error("sentence " + s.id(), "expected a unique sent_id, it occurs twice");
            }
            sentences.add(s);
        }
        if (p.nextToken() != null) {
            throw ctx.error("top level", "expected the end of the file after the array of sentences");
        }
    }

    private static StreusleSentence readSentence(Context ctx, int ordinal) throws IOException {
        JsonParser p = ctx.parser;
        String id = null;
        List<String> words = null;
        List<StreusleUnit> units = new ArrayList<>();
        boolean sawSwes = false;
        String where = "sentence #" + ordinal;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "sent_id" -> {
                    if (v != JsonToken.VALUE_STRING || p.getText().isBlank()) {
                        throw ctx.error(where + ", field sent_id", "expected a non-empty string, found " + describe(v));
                    }
                    id = p.getText();
                    where = "sentence " + id;
                }
                case "toks" -> words = readTokens(ctx, where);
                case "swes" -> {
                    units.addAll(readUnits(ctx, where, "swes", false));
                    sawSwes = true;
                }
                case "smwes" -> units.addAll(readUnits(ctx, where, "smwes", true));
                default -> p.skipChildren();
            }
        }
        if (id == null) {
            throw ctx.error(where, "expected field sent_id, it is missing");
        }
        if (words == null) {
            throw ctx.error(where, "expected field toks, it is missing");
        }
        if (!sawSwes) {
            throw ctx.error(where, "expected field swes, it is missing");
        }
        for (StreusleUnit u : units) {
            for (int n : u.toknums()) {
                if (n < 1 || n > words.size()) {
                    throw ctx.error(
                            where + ", field " + (u.multiword() ? "smwes" : "swes") + "." + u.key() + ".toknums",
                            "expected token numbers between 1 and " + words.size() + ", found " + n);
                }
            }
        }
        return new StreusleSentence(id, words, units);
    }

    private static List<String> readTokens(Context ctx, String where) throws IOException {
        JsonParser p = ctx.parser;
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw ctx.error(where + ", field toks", "expected an array of tokens, found " + describe(p.currentToken()));
        }
        List<String> words = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (words.size() == MAX_TOKENS) {
                throw ctx.error(where + ", field toks", "expected at most " + MAX_TOKENS + " tokens, found more");
            }
            int index = words.size() + 1;
            String tokWhere = where + ", field toks[" + (index - 1) + "]";
            if (t != JsonToken.START_OBJECT) {
                throw ctx.error(tokWhere, "expected a token object, found " + describe(t));
            }
            Integer num = null;
            String word = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("#")) {
                    if (v != JsonToken.VALUE_NUMBER_INT) {
                        throw ctx.error(tokWhere + ".#", "expected an integer token number, found " + describe(v));
                    }
                    num = p.getIntValue();
                } else if (field.equals("word")) {
                    if (v != JsonToken.VALUE_STRING || p.getText().isEmpty()) {
                        throw ctx.error(tokWhere + ".word", "expected a non-empty string, found " + describe(v));
                    }
                    word = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (num == null) {
                throw ctx.error(tokWhere, "expected field '#', it is missing");
            }
            if (word == null) {
                throw ctx.error(tokWhere, "expected field 'word', it is missing");
            }
            if (num != index) {
                throw ctx.error(tokWhere + ".#", "expected token number " + index + ", found " + num);
            }
            words.add(word);
        }
        if (words.isEmpty()) {
            throw ctx.error(where + ", field toks", "expected at least one token, found none");
        }
        return words;
    }

    private static List<StreusleUnit> readUnits(Context ctx, String where, String mapName, boolean multiword)
            throws IOException {
        JsonParser p = ctx.parser;
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw ctx.error(
                    where + ", field " + mapName, "expected an object of units, found " + describe(p.currentToken()));
        }
        List<StreusleUnit> units = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            String unitWhere = where + ", field " + mapName + "." + key;
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ctx.error(unitWhere, "expected a unit object, found " + describe(p.currentToken()));
            }
            String lexcat = null;
            String ss = null;
            String ss2 = null;
            List<Integer> toknums = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "lexcat" -> lexcat = nullableString(ctx, unitWhere + ".lexcat", v);
                    case "ss" -> ss = nullableString(ctx, unitWhere + ".ss", v);
                    case "ss2" -> ss2 = nullableString(ctx, unitWhere + ".ss2", v);
                    case "toknums" -> toknums = readIntArray(ctx, unitWhere + ".toknums");
                    default -> p.skipChildren();
                }
            }
            if (lexcat == null) {
                throw ctx.error(unitWhere + ".lexcat", "expected a lexical category string, it is missing or null");
            }
            if (toknums == null || toknums.isEmpty()) {
                throw ctx.error(
                        unitWhere + ".toknums", "expected a non-empty array of token numbers, it is missing or empty");
            }
            units.add(new StreusleUnit(key, lexcat, ss, ss2, toknums, multiword));
        }
        return units;
    }

    private static String nullableString(Context ctx, String where, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_STRING) {
            throw ctx.error(where, "expected a string or null, found " + describe(v));
        }
        return ctx.parser.getText();
    }

    private static List<Integer> readIntArray(Context ctx, String where) throws IOException {
        JsonParser p = ctx.parser;
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw ctx.error(where, "expected an array of integers, found " + describe(p.currentToken()));
        }
        List<Integer> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (out.size() == MAX_TOKENS) {
                throw ctx.error(where, "expected at most " + MAX_TOKENS + " token numbers, found more");
            }
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw ctx.error(where, "expected an integer, found " + describe(t));
            }
            out.add(p.getIntValue());
        }
        return out;
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "the end of the file";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    /** The file and parser, so that every error can say where it happened. */
    private record Context(Path file, JsonParser parser) {
        MalformedDataException error(String where, String problem) {
            long line = parser.currentLocation().getLineNr();
            return new MalformedDataException(file, where + " (line " + line + ")", problem);
        }
    }
}
