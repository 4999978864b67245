package dev.ftprobe.model.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A WordPiece vocabulary: one token per line, the line number (from 0) is the id. */
public final class Vocabulary {
    public static final String PAD = "[PAD]";
    public static final String UNK = "[UNK]";
    public static final String CLS = "[CLS]";
    public static final String SEP = "[SEP]";
    public static final String MASK = "[MASK]";

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    public Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            // the first occurrence wins, as in HF's loader
            ids.putIfAbsent(tokens.get(i), i);
        }
        for (String special : List.of(PAD, UNK, CLS, SEP, MASK)) {
            if (!ids.containsKey(special)) {
                throw new IllegalArgumentException("vocabulary lacks the special token " + special);
            }
        }
    }

    public static Vocabulary read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> toks = new ArrayList<>(lines.size());
            for (String l : lines) {
                toks.add(l.strip());
            }
            while (!toks.isEmpty() && toks.get(toks.size() - 1).isEmpty()) {
                toks.remove(toks.size() - 1);
            }
            try {
                return new Vocabulary(toks);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vocabulary " + file, e);
        }
    }

    public void write(Path file) throws IOException {
        Files.write(file, tokens, StandardCharsets.UTF_8);
    }

    public int size() {
        return tokens.size();
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The id of a token, or -1 when it is not in the vocabulary. */
    public int idOrMinusOne(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    public int id(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException("token '" + token + "' is not in the vocabulary");
        }
        return id;
    }

    public String token(int id) {
        return tokens.get(id);
    }

    public List<String> tokens() {
        return Collections.unmodifiableList(tokens);
    }

    public int padId() {
        return ids.get(PAD);
    }

    public int unkId() {
        return ids.get(UNK);
    }

    public int clsId() {
        return ids.get(CLS);
    }

    public int sepId() {
        return ids.get(SEP);
    }

    public int maskId() {
        return ids.get(MASK);
    }
}
