package dev.ftprobe.extractor;

import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.Target;
import dev.ftprobe.model.checkpoint.CheckpointStore;
import dev.ftprobe.model.tokenizer.Encoding;
import dev.ftprobe.model.tokenizer.WordPieceTokenizer;
import dev.ftprobe.tasks.SentenceExamples;
import dev.ftprobe.tasks.Split;
import dev.ftprobe.tasks.TargetKind;
import dev.ftprobe.tasks.TaskDataset;
import dev.ftprobe.tasks.TaskName;
import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One checkpoint to embeddings: loads the verified checkpoint, runs the encoder without gradients over every example of
 * each probe task's requested splits (sentences batched), and hands each requested layer's vectors on as
 * {@link EmbeddingBatch} chunks, in the examples' order. Probe tasks default to the run's fine-tuning task, layers to
 * all of the run's, splits to all of the task's. Probe tasks whose splits give the encoder the same input (PS-role and
 * PS-fxn) are encoded once, their sets written from the same vectors.
 */
final class EmbeddingJob {
    private static final Logger LOG = LoggerFactory.getLogger(Extractor.class); // the service's log category
    /**
     * The most batches whose sentences are sorted by length together (see {@link SentenceBatches}): 32 batches of 32
     * sentences take TREC's short questions near-fully sorted.
     */
    private static final int WINDOW_BATCHES = 32;
    /** The most floats a window's vectors hold back, all layers together: 128 MiB, 1,820 DEP pairs of 12 layers. */
    private static final long WINDOW_FLOATS = 1L << 25;

    private final ExtractorOptions o;
    private final ManifestCache manifests;
    private final ProbeDatasets datasets;
    private final Counter encodedSentences;

    EmbeddingJob(ExtractorOptions o, ManifestCache manifests, ProbeDatasets datasets) {
        this.o = o;
        // sentences through the encoder, counted once when probe tasks share them
        this.encodedSentences = o.registry().counter("ftprobe.extractor.sentences");
        this.manifests = manifests;
        this.datasets = datasets;
    }

    /**
     * Embeds every probe task's requested splits and layers for one checkpoint, chunk by chunk, until {@code stop} says
     * otherwise: it is asked before every forward pass, so that a stop waits for one batch of sentences, not for a
     * chunk's worth of them.
     *
     * @throws CancellationException when {@code stop} said so before the last batch
     */
    void run(CheckpointEvent event, Consumer<EmbeddingBatch> out, BooleanSupplier stop) {
        RunManifest manifest = manifests.of(event.runId());
        List<TaskName> probeTasks = new ArrayList<>();
        if (o.probeTasks().isEmpty()) {
            manifest.probeTasks().forEach(t -> probeTasks.add(TaskName.parse(t)));
        } else {
            probeTasks.addAll(o.probeTasks());
        }
        int[] layers = (o.layers() != null ? o.layers() : manifest.layers())
                .stream().mapToInt(Integer::intValue).toArray();
        for (int l : layers) {
            if (!manifest.layers().contains(l)) {
                throw new RejectedEvent(
                        "layer " + l + " is not one of run " + event.runId() + "'s layers " + manifest.layers());
            }
        }
        List<SetSource> sources = new ArrayList<>();
        for (TaskName task : probeTasks) {
            TaskDataset data = datasets.of(task, manifest);
            List<String> splits = o.splits() != null ? o.splits() : data.splitNames();
            for (String split : splits) {
                if (!data.splits().containsKey(split)) {
                    throw new RejectedEvent(
                            "probe task " + task + " has no split '" + split + "'; it has " + data.splitNames());
                }
                sources.add(new SetSource(
                        task,
                        data.targetKind(),
                        split,
                        data.split(split),
                        data.labels().labels()));
            }
        }
        try (BertModel model = BertModel.of(
                CheckpointStore.read(URI.create(event.checkpointUri()), event.sha256(), event.sizeBytes()))) {
            for (List<SetSource> shared : byEncoderInput(sources)) {
                embed(model, event, shared, layers, out, stop);
            }
        }
    }

    /**
     * One probe task's split: the examples to embed and the labels their sets carry.
     *
     * @param labelNames the task's label names, by label id
     */
    private record SetSource(TaskName task, TargetKind kind, String splitName, Split split, List<String> labelNames) {}

    /**
     * What the encoder is given for a split, sentence by sentence: its words and its examples' targets. Two probe tasks
     * whose splits have the same (PS-role and PS-fxn: the same STREUSLE words, labelled with a role and a function) get
     * the same vectors, so they are encoded once.
     */
    private record EncoderInput(TargetKind kind, List<SentenceInput> sentences) {
        static EncoderInput of(SetSource s) {
            return new EncoderInput(
                    s.kind(),
                    SentenceExamples.group(s.split().examples()).stream()
                            .map(x -> new SentenceInput(x.words(), targets(x)))
                            .toList());
        }
    }

    /** The encoder's targets of a sentence's examples. */
    private static List<Target> targets(SentenceExamples s) {
        return s.examples().stream()
                .map(e -> Target.of(e.target().word(), e.target().head()))
                .toList();
    }

    private record SentenceInput(List<String> words, List<Target> targets) {}

    /** The sets in groups that share their encoder input, each group in the order of its first set. */
    private static List<List<SetSource>> byEncoderInput(List<SetSource> sources) {
        Map<EncoderInput, List<SetSource>> groups = new LinkedHashMap<>();
        for (SetSource s : sources) {
            groups.computeIfAbsent(EncoderInput.of(s), k -> new ArrayList<>()).add(s);
        }
        return List.copyOf(groups.values());
    }

    /**
     * Encodes the examples of {@code sets} (one encoder input, see {@link EncoderInput}) batch by batch and hands every
     * set's layers' vectors, each with that set's labels, to its writers.
     */
    private void embed(
            BertModel model,
            CheckpointEvent event,
            List<SetSource> sets,
            int[] layers,
            Consumer<EmbeddingBatch> out,
            BooleanSupplier stop) {
        SetSource first = sets.get(0);
        if (sets.size() > 1) {
            LOG.debug(
                    "split {} of {}: the same sentences and targets, encoded once",
                    first.splitName(),
                    sets.stream().map(s -> s.task().id()).toList());
        }
        int h = model.config().hiddenSize();
        int dim = first.kind() == TargetKind.WORD_PAIR ? 2 * h : h;
        int max = Topics.maxVectorsPerChunk(dim);
        int chunkSize = o.chunkSize() > 0 ? Math.min(o.chunkSize(), max) : max;
        int n = first.split().examples().size();
        SetWriter[][] writers = new SetWriter[sets.size()][layers.length];
        for (int si = 0; si < sets.size(); si++) {
            SetSource set = sets.get(si);
            for (int li = 0; li < layers.length; li++) {
                writers[si][li] = new SetWriter(
                        event.runId(),
                        event.step(),
                        set.task().id(),
                        set.splitName(),
                        layers[li],
                        dim,
                        n,
                        chunkSize,
                        set.labelNames(),
                        out);
            }
        }
        List<SentenceExamples> sentences = SentenceExamples.group(first.split().examples());
        List<Encoding> encodings = encode(model, first, sentences);
        int[] lengths = encodings.stream().mapToInt(Encoding::length).toArray();
        int[] counts = sentences.stream().mapToInt(s -> s.examples().size()).toArray();
        int windowExamples = (int) Math.max(1, WINDOW_FLOATS / ((long) layers.length * dim));
        int index = 0;
        for (SentenceBatches.Window w :
                SentenceBatches.plan(lengths, counts, o.batchSentences(), WINDOW_BATCHES, windowExamples)) {
            // each sentence's first example within the window, where its vectors are held until the window is done
            int[] offsets = new int[w.to() - w.from() + 1];
            for (int s = w.from(); s < w.to(); s++) {
                offsets[s - w.from() + 1] = offsets[s - w.from()] + counts[s];
            }
            float[][][] held = new float[layers.length][offsets[offsets.length - 1]][];
            for (int[] batch : w.batches()) {
                if (stop.getAsBoolean()) {
                    throw new CancellationException("stopped in split " + first.splitName() + " of " + first.task());
                }
                List<Encoding> enc = new ArrayList<>(batch.length);
                List<List<Target>> targets = new ArrayList<>(batch.length);
                for (int s : batch) {
                    enc.add(encodings.get(s));
                    targets.add(targets(sentences.get(s)));
                }
                float[][][] v = model.targetVectors(enc, targets, layers);
                encodedSentences.increment(batch.length);
                int k = 0;
                for (int s : batch) {
                    for (int j = 0; j < counts[s]; j++, k++) {
                        for (int li = 0; li < layers.length; li++) {
                            held[li][offsets[s - w.from()] + j] = v[li][k];
                        }
                    }
                }
            }
            for (int e = 0; e < held[0].length; e++) {
                int remaining = n - index - 1;
                for (int si = 0; si < sets.size(); si++) {
                    int labelId = sets.get(si).split().examples().get(index).labelId();
                    for (int li = 0; li < layers.length; li++) {
                        writers[si][li].add(index, labelId, held[li][e], remaining);
                    }
                }
                index++;
            }
        }
        for (SetWriter[] setWriters : writers) {
            for (SetWriter w : setWriters) {
                w.finish();
            }
        }
    }

    /** Every sentence's subwords, so that a sentence too long for the encoder is named before any of the split runs. */
    private static List<Encoding> encode(BertModel model, SetSource set, List<SentenceExamples> sentences) {
        int maxLen = model.config().maxPositions();
        List<Encoding> out = new ArrayList<>(sentences.size());
        for (SentenceExamples s : sentences) {
            try {
                out.add(model.tokenizer().encodeWords(s.words(), maxLen, WordPieceTokenizer.Overflow.FAIL));
            } catch (WordPieceTokenizer.SequenceTooLongException e) {
                throw new RejectedEvent("probe task " + set.task() + " split " + set.splitName() + " sentence "
                        + s.sentenceId() + ": " + e.getMessage());
            }
        }
        return out;
    }
}
