package dev.ftprobe.model.tokenizer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * BERT's uncased basic tokenization (as in Google's {@code tokenization.BasicTokenizer} with
 * {@code do_lower_case=True}): drop control characters and U+0000/U+FFFD, map whitespace to a space, put spaces around
 * CJK ideographs, lower-case, strip accents (NFD, drop combining marks Mn), and split off every punctuation character.
 *
 * <p>Special tokens listed in {@code neverSplit} (for example {@code [MASK]}) are kept whole.
 */
public final class BasicTokenizer {
    private final Set<String> neverSplit;

    public BasicTokenizer(Set<String> neverSplit) {
        this.neverSplit = Set.copyOf(neverSplit);
    }

    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        // special tokens are cut out first, as HF does, so that "[MASK]." gives [MASK] and "."
        int from = 0;
        while (true) {
            int best = -1;
            String which = null;
            for (String sp : neverSplit) {
                int at = text.indexOf(sp, from);
                if (at >= 0 && (best < 0 || at < best || (at == best && sp.length() > which.length()))) {
                    best = at;
                    which = sp;
                }
            }
            if (best < 0) {
                tokenizePlain(text.substring(from), out);
                return out;
            }
            tokenizePlain(text.substring(from, best), out);
            out.add(which);
            from = best + which.length();
        }
    }

    private void tokenizePlain(String text, List<String> out) {
        String cleaned = tokenizeCjk(clean(text));
        for (String word : cleaned.trim().split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            String w = stripAccents(word.toLowerCase(Locale.ROOT));
            splitPunctuation(w, out);
        }
    }

    static String clean(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                return;
            }
            sb.append(isWhitespace(cp) ? ' ' : Character.toString(cp));
        });
        return sb.toString();
    }

    static String tokenizeCjk(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (isCjk(cp)) {
                sb.append(' ').appendCodePoint(cp).append(' ');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    static String stripAccents(String text) {
        String nfd = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(nfd.length());
        nfd.codePoints().forEach(cp -> {
            if (Character.getType(cp) != Character.NON_SPACING_MARK) {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    private static void splitPunctuation(String word, List<String> out) {
        StringBuilder current = new StringBuilder();
        word.codePoints().forEach(cp -> {
            if (isPunctuation(cp)) {
                if (current.length() > 0) {
                    out.add(current.toString());
                    current.setLength(0);
                }
                out.add(Character.toString(cp));
            } else {
                current.appendCodePoint(cp);
            }
        });
        if (current.length() > 0) {
            out.add(current.toString());
        }
    }

    static boolean isWhitespace(int cp) {
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
            return true;
        }
        return Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int t = Character.getType(cp);
        // Google's _is_control: categories starting with "C" (Cc, Cf, Co, Cs, Cn)
        return t == Character.CONTROL
                || t == Character.FORMAT
                || t == Character.PRIVATE_USE
                || t == Character.SURROGATE
                || t == Character.UNASSIGNED;
    }

    static boolean isPunctuation(int cp) {
        // all non-letter/number ASCII are punctuation for BERT, e.g. "^", "$", "`"
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.CONNECTOR_PUNCTUATION
                || t == Character.DASH_PUNCTUATION
                || t == Character.START_PUNCTUATION
                || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION
                || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }

    static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
