package dev.ftprobe.tasks;

import dev.ftprobe.tasks.conllu.ConlluReader;
import dev.ftprobe.tasks.conllu.ConlluSentence;
import dev.ftprobe.tasks.conllu.ConlluWord;
import dev.ftprobe.tasks.data.DataFile;
import dev.ftprobe.tasks.data.DataFiles;
import dev.ftprobe.tasks.data.DataSource;
import dev.ftprobe.tasks.io.MalformedDataException;
import dev.ftprobe.tasks.streusle.StreusleReader;
import dev.ftprobe.tasks.streusle.StreusleSentence;
import dev.ftprobe.tasks.streusle.StreusleUnit;
import dev.ftprobe.tasks.trec.TrecQuestion;
import dev.ftprobe.tasks.trec.TrecReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the corpora into a task's labelled, split examples (METHOD §1):
 *
 * <ul>
 *   <li>{@code pos}: every word of PUD, labelled with its UPOS;
 *   <li>{@code dep}: every (dependent, head) pair of PUD's basic tree except the root, labelled with its DEPREL
 *       including subtypes;
 *   <li>{@code ps-role} / {@code ps-fxn}: every STREUSLE single-word unit (not a strong MWE) whose {@code ss} starts
 *       with {@code p.} and whose lexcat is one of the configured ones, labelled with {@code ss} / {@code ss2};
 *   <li>{@code trec}: every question, labelled with its fine label, targeting the whole sentence.
 * </ul>
 *
 * Splits: STREUSLE train/dev/test and TREC train/test as published; PUD split by sentence with {@link SentenceSplitter}
 * (default 80/20, seed 42); then, if asked, a seeded held-out carve of train by sentence. Word indices in targets are
 * 0-based.
 */
public final class TaskLoader {
    private TaskLoader() {}

    /** The files a task reads. */
    public static List<DataFile> files(TaskName task) {
        return switch (task) {
            case POS, DEP -> List.of(DataFiles.PUD);
            case PS_ROLE, PS_FXN -> List.of(DataFiles.STREUSLE_TRAIN, DataFiles.STREUSLE_DEV, DataFiles.STREUSLE_TEST);
            case TREC -> List.of(DataFiles.TREC_TRAIN, DataFiles.TREC_TEST);
        };
    }

    public static TaskDataset load(DataSource source, TaskConfig config) throws IOException {
        List<Path> paths = source.require(files(config.task()));
        Map<String, List<SentenceDrafts>> splits = switch (config.task()) {
            case POS, DEP -> pud(paths.get(0), config);
            case PS_ROLE, PS_FXN -> streusle(paths, config);
            case TREC -> trec(paths);
        };
        if (config.heldOutFraction() > 0) {
            splits = carveHeldOut(splits, config.heldOutFraction(), config.heldOutSeed());
        }
        return assemble(config.task(), splits);
    }

    /** A sentence and the drafts of its examples; label ids come once all labels are known. */
    private record SentenceDrafts(String sentenceId, List<String> words, List<Draft> drafts) {}

    private record Draft(String idSuffix, Target target, String label) {}

    private static Map<String, List<SentenceDrafts>> pud(Path file, TaskConfig config) throws IOException {
        List<ConlluSentence> sentences = ConlluReader.read(file);
        Map<String, SentenceDrafts> byId = new LinkedHashMap<>();
        for (ConlluSentence s : sentences) {
            List<Draft> drafts = new ArrayList<>();
            for (ConlluWord w : s.words()) {
                int i = w.id() - 1;
                if (config.task() == TaskName.POS) {
                    drafts.add(new Draft(Integer.toString(i), Target.word(i), w.upos()));
                } else if (w.head() != 0) {
                    int h = w.head() - 1;
                    drafts.add(new Draft(i + ">" + h, Target.pair(i, h), w.deprel()));
                }
            }
            byId.put(s.id(), new SentenceDrafts(s.id(), s.forms(), drafts));
        }
        SentenceSplitter.Parts parts =
                SentenceSplitter.split(new ArrayList<>(byId.keySet()), config.pudTrainFraction(), config.pudSeed());
        Map<String, List<SentenceDrafts>> out = new LinkedHashMap<>();
        out.put(Split.TRAIN, parts.first().stream().map(byId::get).toList());
        out.put(Split.TEST, parts.second().stream().map(byId::get).toList());
        return out;
    }

    private static Map<String, List<SentenceDrafts>> streusle(List<Path> files, TaskConfig config) throws IOException {
        String[] names = {Split.TRAIN, Split.DEV, Split.TEST};
        boolean role = config.task() == TaskName.PS_ROLE;
        Map<String, List<SentenceDrafts>> out = new LinkedHashMap<>();
        for (int k = 0; k < names.length; k++) {
            Path file = files.get(k);
            List<SentenceDrafts> sentences = new ArrayList<>();
            for (StreusleSentence s : StreusleReader.read(file)) {
                List<Draft> drafts = new ArrayList<>();
                for (StreusleUnit u : s.units()) {
                    if (!isPsUnit(u, config.psLexcats())) {
                        continue;
                    }
                    String label = role ? u.ss() : u.ss2();
                    if (label == null) {
                        throw new MalformedDataException(
                                file,
                                "sentence " + s.id() + ", field swes." + u.key() + ".ss2",
                                "expected a function supersense for a unit whose ss is " + u.ss() + ", found null");
                    }
                    int i = u.toknums().get(0) - 1;
                    drafts.add(new Draft(Integer.toString(i), Target.word(i), label));
                }
                drafts.sort(Comparator.comparingInt(d -> d.target().word()));
                sentences.add(new SentenceDrafts(s.id(), s.words(), drafts));
            }
            out.put(names[k], sentences);
        }
        return out;
    }

    /** A PS example: a single-word unit, not part of a strong MWE, with a {@code p.} scene role and a kept lexcat. */
    static boolean isPsUnit(StreusleUnit u, Set<String> lexcats) {
        return !u.multiword()
                && u.toknums().size() == 1
                && u.ss() != null
                && u.ss().startsWith("p.")
                && lexcats.contains(u.lexcat());
    }

    private static Map<String, List<SentenceDrafts>> trec(List<Path> files) throws IOException {
        String[] names = {Split.TRAIN, Split.TEST};
        Map<String, List<SentenceDrafts>> out = new LinkedHashMap<>();
        for (int k = 0; k < names.length; k++) {
            String fileId = stripExtension(files.get(k).getFileName().toString());
            List<SentenceDrafts> sentences = new ArrayList<>();
            for (TrecQuestion q : TrecReader.read(files.get(k))) {
                String id = fileId + ":" + q.line();
                sentences.add(new SentenceDrafts(id, q.words(), List.of(new Draft("", Target.sentence(), q.label()))));
            }
            out.put(names[k], sentences);
        }
        return out;
    }

    private static Map<String, List<SentenceDrafts>> carveHeldOut(
            Map<String, List<SentenceDrafts>> splits, double fraction, long seed) {
        List<SentenceDrafts> train = splits.get(Split.TRAIN);
        Map<String, SentenceDrafts> byId = new LinkedHashMap<>();
        train.forEach(s -> byId.put(s.sentenceId(), s));
        // The held-out part is the first part of the split, so that its size is round(fraction * n).
        SentenceSplitter.Parts parts = SentenceSplitter.split(new ArrayList<>(byId.keySet()), fraction, seed);
        Map<String, List<SentenceDrafts>> out = new LinkedHashMap<>();
        out.put(Split.TRAIN, parts.second().stream().map(byId::get).toList());
        out.put(Split.HELD_OUT, parts.first().stream().map(byId::get).toList());
        splits.forEach((name, sentences) -> {
            if (!name.equals(Split.TRAIN)) {
                out.put(name, sentences);
            }
        });
        return out;
    }

    private static TaskDataset assemble(TaskName task, Map<String, List<SentenceDrafts>> splits) {
        Set<String> all = new HashSet<>();
        splits.values().forEach(ss -> ss.forEach(s -> s.drafts().forEach(d -> all.add(d.label()))));
        LabelSet labels = LabelSet.of(all);
        Map<String, Integer> ids = new HashMap<>();
        labels.labels().forEach(l -> ids.put(l, labels.id(l)));
        List<Split> out = new ArrayList<>();
        splits.forEach((name, sentences) -> {
            List<Example> examples = new ArrayList<>();
            for (SentenceDrafts s : sentences) {
                for (Draft d : s.drafts()) {
                    String id = task.id() + ":" + s.sentenceId() + (d.idSuffix().isEmpty() ? "" : ":" + d.idSuffix());
                    examples.add(new Example(id, s.sentenceId(), s.words(), d.target(), d.label(), ids.get(d.label())));
                }
            }
            out.add(new Split(name, examples, sentences.size()));
        });
        return new TaskDataset(task, labels, out);
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
