package dev.ftprobe.tasks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes the fixture corpora of {@code src/test/resources/fixture-corpora}: a data directory of our own text, generated
 * from the templates below, on which the pipeline tests run without the real corpora (whose licences are not ours): a
 * CoNLL-U treebank in PUD's place, TREC-style questions, and a WordPiece vocabulary that spells every word of both.
 * Deterministic; {@code FixtureCorporaTest} checks that the committed files are this class's output. Self-contained, so
 * that it regenerates them with {@code java tasks/src/test/java/dev/ftprobe/tasks/FixtureCorpora.java
 * tasks/src/test/resources/fixture-corpora}.
 */
public final class FixtureCorpora {
    public static final String TREEBANK = "ud-english-pud/en_pud-ud-test.conllu";
    public static final String TREC_TRAIN = "trec/train_5500.label";
    public static final String TREC_TEST = "trec/TREC_10.label";
    public static final String VOCAB = "bert-uncased-vocab/vocab.txt";
    /** Sentences per treebank template: 8 templates, 72 sentences. */
    static final int PER_TEMPLATE = 9;

    static final int TREC_TRAIN_PER_LABEL = 6;
    static final int TREC_TEST_PER_LABEL = 2;

    private FixtureCorpora() {}

    /** A word of a template: a literal form or a {@code {slot}} of the lexicon, its UPOS, head and relation. */
    private record Slot(String word, String upos, int head, String deprel) {}

    private static Slot w(String word, String upos, int head, String deprel) {
        return new Slot(word, upos, head, deprel);
    }

    /** Slot name to (form, lemma) pairs; a lemma equal to the lower-cased form is left out. */
    private static final Map<String, List<String[]>> LEXICON = new LinkedHashMap<>();

    private static void lex(String slot, String... entries) {
        List<String[]> out = new ArrayList<>();
        for (String e : entries) {
            String[] p = e.split("/");
            out.add(new String[] {p[0], p.length > 1 ? p[1] : p[0].toLowerCase(Locale.ROOT)});
        }
        LEXICON.put(slot, out);
    }

    static {
        lex("det", "the", "a", "this", "every");
        lex("adj", "small", "red", "quiet", "happy", "young", "tall", "brave");
        lex("noun", "dog", "cat", "bird", "teacher", "farmer", "pilot", "baker", "horse");
        lex(
                "nouns",
                "dogs/dog",
                "cats/cat",
                "birds/bird",
                "teachers/teacher",
                "farmers/farmer",
                "pilots/pilot",
                "bakers/baker");
        lex("thing", "book", "letter", "map", "boat", "cake", "song", "lamp", "box", "bridge", "kite");
        lex(
                "place", "garden", "kitchen", "park", "market", "library", "harbour", "station", "school", "bakery",
                "museum");
        lex("runs", "runs/run", "sleeps/sleep", "waits/wait", "sings/sing", "laughs/laugh", "works/work");
        lex("reads", "reads/read", "paints/paint", "finds/find", "wants/want", "cooks/cook", "buys/buy");
        lex("see", "see", "find", "read", "paint", "cook", "buy", "want");
        lex("sing", "sing", "dance", "wait", "work", "laugh", "sleep");
        lex("rest", "rest", "play", "swim", "hide", "eat");
        lex("adv", "quickly", "slowly", "quietly", "again", "often", "early");
        lex("she", "she", "he");
        lex("we", "we/we", "they/they", "I/I");
        lex("know", "know", "think", "hope", "say");
        lex("name", "Anna/Anna", "Omar/Omar", "Lena/Lena", "Kofi/Kofi", "Maria/Maria", "Tomas/Tomas", "Ravi/Ravi");
        lex("did", "did/do", "does/do", "will");
        lex("in", "in", "near", "behind", "under", "at");
        lex("num", "two", "three", "four", "five", "six");
        lex("digits", "5", "12", "30", "7", "48");
        lex("and", "and", "or");
        lex("oh", "oh", "well", "yes", "wow");
        lex("cold", "cold", "warm", "late", "fine", "quiet");
        lex("my", "my/I", "your/you", "his/he", "her/she", "our/we");
        lex("kin", "sister", "brother", "friend", "neighbour", "uncle");
        lex("has", "has/have", "owns/own", "likes/like", "washes/wash", "sells/sell", "needs/need");
        lex("rose", "rose/rise", "fell/fall", "grew/grow");
        lex("price", "price", "rent", "fare", "cost");
        lex("when", "today", "yesterday");
    }

    /** The templates of the treebank: 16 of the 17 UPOS tags (all but X), heads 1-based, 0 the root. */
    private static final List<List<Slot>> TEMPLATES = List.of(
            // The small dog runs quickly .
            List.of(
                    w("{det}", "DET", 3, "det"),
                    w("{adj}", "ADJ", 3, "amod"),
                    w("{noun}", "NOUN", 4, "nsubj"),
                    w("{runs}", "VERB", 0, "root"),
                    w("{adv}", "ADV", 4, "advmod"),
                    w(".", "PUNCT", 4, "punct")),
            // She reads a book in the garden .
            List.of(
                    w("{she}", "PRON", 2, "nsubj"),
                    w("{reads}", "VERB", 0, "root"),
                    w("{det}", "DET", 4, "det"),
                    w("{thing}", "NOUN", 2, "obj"),
                    w("{in}", "ADP", 7, "case"),
                    w("the", "DET", 7, "det"),
                    w("{place}", "NOUN", 2, "obl"),
                    w(".", "PUNCT", 2, "punct")),
            // Anna did not see the boat .
            List.of(
                    w("{name}", "PROPN", 4, "nsubj"),
                    w("{did}", "AUX", 4, "aux"),
                    w("not", "PART", 4, "advmod"),
                    w("{see}", "VERB", 0, "root"),
                    w("the", "DET", 6, "det"),
                    w("{thing}", "NOUN", 4, "obj"),
                    w(".", "PUNCT", 4, "punct")),
            // Two birds sing and dance .
            List.of(
                    w("{num}", "NUM", 2, "nummod"),
                    w("{nouns}", "NOUN", 3, "nsubj"),
                    w("{sing}", "VERB", 0, "root"),
                    w("{and}", "CCONJ", 5, "cc"),
                    w("{rest}", "VERB", 3, "conj"),
                    w(".", "PUNCT", 3, "punct")),
            // Oh , it is cold .
            List.of(
                    w("{oh}", "INTJ", 5, "discourse"),
                    w(",", "PUNCT", 5, "punct"),
                    w("it", "PRON", 5, "nsubj"),
                    w("is/be", "AUX", 5, "cop"),
                    w("{cold}", "ADJ", 0, "root"),
                    w(".", "PUNCT", 5, "punct")),
            // We know that cats sleep .
            List.of(
                    w("{we}", "PRON", 2, "nsubj"),
                    w("{know}", "VERB", 0, "root"),
                    w("that", "SCONJ", 5, "mark"),
                    w("{nouns}", "NOUN", 5, "nsubj"),
                    w("{sing}", "VERB", 2, "ccomp"),
                    w(".", "PUNCT", 2, "punct")),
            // My sister has a red box .
            List.of(
                    w("{my}", "PRON", 2, "nmod:poss"),
                    w("{kin}", "NOUN", 3, "nsubj"),
                    w("{has}", "VERB", 0, "root"),
                    w("a", "DET", 6, "det"),
                    w("{adj}", "ADJ", 6, "amod"),
                    w("{thing}", "NOUN", 3, "obj"),
                    w(".", "PUNCT", 3, "punct")),
            // The price rose 5 % today .
            List.of(
                    w("the", "DET", 2, "det"),
                    w("{price}", "NOUN", 3, "nsubj"),
                    w("{rose}", "VERB", 0, "root"),
                    w("{digits}", "NUM", 5, "nummod"),
                    w("%", "SYM", 3, "obj"),
                    w("{when}", "NOUN", 3, "obl:tmod"),
                    w(".", "PUNCT", 3, "punct")));

    /** TREC fine label and question template; the slots are filled from the lexicon. */
    private static final List<String[]> QUESTIONS = List.of(
            new String[] {"HUM:ind", "Who built the first {thing} ?"},
            new String[] {"LOC:city", "Which city has the oldest {place} ?"},
            new String[] {"LOC:other", "Where does the {noun} keep its {thing} ?"},
            new String[] {"NUM:count", "How many {nouns} work at the {place} ?"},
            new String[] {"NUM:date", "When did the {place} open ?"},
            new String[] {"DESC:def", "What is a {thing} ?"},
            new String[] {"ENTY:animal", "Which animal sleeps near the {place} ?"},
            new String[] {"DESC:manner", "How do you {see} a {thing} ?"});

    /** The (form, lemma) of a template word: a literal, or a {@code {slot}}'s entry drawn with {@code random}. */
    private static String[] fill(String word, Random random) {
        if (word.startsWith("{")) {
            List<String[]> entries = LEXICON.get(word.substring(1, word.length() - 1));
            return entries.get(random.nextInt(entries.size()));
        }
        String[] p = word.split("/");
        return new String[] {p[0], p.length > 1 ? p[1] : p[0].toLowerCase(Locale.ROOT)};
    }

    /**
     * java.util.Random's algorithm is specified, so the fixtures are the same on every JVM; the seed is scrambled
     * because the first draws of nearby seeds are nearly equal.
     */
    private static Random random(long seed) {
        return new Random(seed * 0x9E3779B97F4A7C15L);
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The treebank: sentences {@code f1}... of 8 templates, with UPOS, heads and relations, in CoNLL-U. */
    public static String treebank() {
        StringBuilder out = new StringBuilder("# newdoc id = fixture\n");
        Set<String> texts = new LinkedHashSet<>();
        int id = 0;
        for (int t = 0; t < TEMPLATES.size(); t++) {
            List<Slot> template = TEMPLATES.get(t);
            for (int n = 0; texts.size() < (t + 1) * PER_TEMPLATE; n++) {
                if (n > 1000) {
                    throw new IllegalStateException("template " + t + " has fewer than " + PER_TEMPLATE + " fillings");
                }
                Random random = random(1000L * t + n);
                List<String[]> words = new ArrayList<>();
                for (Slot s : template) {
                    words.add(fill(s.word(), random));
                }
                String text = text(words);
                if (!texts.add(text)) {
                    continue;
                }
                id++;
                out.append("# sent_id = f")
                        .append(id)
                        .append('\n')
                        .append("# text = ")
                        .append(text)
                        .append('\n');
                for (int k = 0; k < template.size(); k++) {
                    Slot s = template.get(k);
                    String form = k == 0 ? capitalised(words.get(k)[0]) : words.get(k)[0];
                    boolean noSpace = k + 1 < template.size()
                            && template.get(k + 1).upos().equals("PUNCT");
                    out.append(String.join(
                                    "\t",
                                    Integer.toString(k + 1),
                                    form,
                                    words.get(k)[1],
                                    s.upos(),
                                    "_",
                                    "_",
                                    Integer.toString(s.head()),
                                    s.deprel(),
                                    s.head() + ":" + s.deprel(),
                                    noSpace ? "SpaceAfter=No" : "_"))
                            .append('\n');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String text(List<String[]> words) {
        StringBuilder sb = new StringBuilder(capitalised(words.get(0)[0]));
        for (int k = 1; k < words.size(); k++) {
            String form = words.get(k)[0];
            sb.append(form.equals(".") || form.equals(",") ? "" : " ").append(form);
        }
        return sb.toString();
    }

    /** The TREC-style questions: per label, the first distinct fillings of its template; the test ones come last. */
    private static List<List<String>> questions() {
        List<List<String>> byLabel = new ArrayList<>();
        for (int q = 0; q < QUESTIONS.size(); q++) {
            Set<String> lines = new LinkedHashSet<>();
            for (int n = 0; lines.size() < TREC_TRAIN_PER_LABEL + TREC_TEST_PER_LABEL; n++) {
                if (n > 1000) {
                    throw new IllegalStateException("question " + q + " has too few fillings");
                }
                Random random = random(1000L * q + n);
                List<String> words = new ArrayList<>();
                for (String word : QUESTIONS.get(q)[1].split(" ")) {
                    words.add(fill(word, random)[0]);
                }
                lines.add(QUESTIONS.get(q)[0] + " " + String.join(" ", words));
            }
            byLabel.add(new ArrayList<>(lines));
        }
        return byLabel;
    }

    /** The {@code from}-th to {@code to}-th question of every label, label after label for each. */
    private static String questions(int from, int to) {
        List<List<String>> byLabel = questions();
        StringBuilder out = new StringBuilder();
        for (int n = from; n < to; n++) {
            for (List<String> label : byLabel) {
                out.append(label.get(n)).append('\n');
            }
        }
        return out.toString();
    }

    public static String trecTrain() {
        return questions(0, TREC_TRAIN_PER_LABEL);
    }

    public static String trecTest() {
        return questions(TREC_TRAIN_PER_LABEL, TREC_TRAIN_PER_LABEL + TREC_TEST_PER_LABEL);
    }

    /**
     * A WordPiece vocabulary: the five special tokens, every character as a word start and as a continuation
     * ({@code ##x}), and every lower-cased word of the corpora except plurals whose singular is there too, so that
     * "dogs" is spelled "dog ##s" and the tokenizer's subword path is exercised.
     */
    public static String vocabulary() {
        TreeSet<String> words = new TreeSet<>();
        TreeSet<Character> chars = new TreeSet<>();
        for (String text : List.of(treebankForms(), questionWords(trecTrain()), questionWords(trecTest()))) {
            for (String word : text.split("\\s+")) {
                if (!word.isEmpty()) {
                    String lower = word.toLowerCase(Locale.ROOT);
                    words.add(lower);
                    lower.chars().forEach(c -> chars.add((char) c));
                }
            }
        }
        List<String> tokens = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        chars.forEach(c -> tokens.add(c.toString()));
        chars.stream().filter(Character::isLetterOrDigit).forEach(c -> tokens.add("##" + c));
        for (String word : words) {
            boolean plural =
                    word.length() > 3 && word.endsWith("s") && words.contains(word.substring(0, word.length() - 1));
            if (!plural && !tokens.contains(word)) {
                tokens.add(word);
            }
        }
        return String.join("\n", tokens) + "\n";
    }

    /** The questions of a TREC file without their labels. */
    private static String questionWords(String trec) {
        return trec.replaceAll("(?m)^\\S+ ", "");
    }

    /** The forms of the treebank, whitespace-separated. */
    private static String treebankForms() {
        StringBuilder sb = new StringBuilder();
        for (String line : treebank().split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                sb.append(line.split("\t")[1]).append(' ');
            }
        }
        return sb.toString();
    }

    /** Relative path to content, for every file of the fixture data directory. */
    public static Map<String, String> files() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(TREEBANK, treebank());
        out.put(TREC_TRAIN, trecTrain());
        out.put(TREC_TEST, trecTest());
        out.put(VOCAB, vocabulary());
        return out;
    }

    /** Writes the files under the directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: FixtureCorpora <output directory>");
        }
        for (Map.Entry<String, String> f : files().entrySet()) {
            Path p = Path.of(args[0]).resolve(f.getKey());
            Files.createDirectories(p.getParent());
            // ASCII only, so UTF-8 (CoNLL-U, vocab) and Latin-1 (TREC) read the same bytes
            Files.writeString(p, f.getValue(), StandardCharsets.US_ASCII);
        }
    }
}
