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
import dev.ftprobe.tasks.Example;
import dev.ftprobe.tasks.SentenceExamples;
import dev.ftprobe.tasks.Split;
import dev.ftprobe.tasks.TargetKind;
import dev.ftprobe.tasks.TaskDataset;
import dev.ftprobe.tasks.TaskName;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One checkpoint to embeddings: loads the verified checkpoint, runs the encoder without gradients over every example of
 * each probe task's requested splits (sentences batched), and hands each requested layer's vectors on as
 * {@link EmbeddingBatch} chunks. Probe tasks default to the run's fine-tuning task, layers to all of the run's, splits
 * to all of the task's.
 */
final class EmbeddingJob {
    private final ExtractorOptions o;
    private final ManifestCache manifests;
    private final ProbeDatasets datasets;

    EmbeddingJob(ExtractorOptions o, ManifestCache manifests, ProbeDatasets datasets) {
        this.o = o;
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
        try (BertModel model = BertModel.of(
                CheckpointStore.read(URI.create(event.checkpointUri()), event.sha256(), event.sizeBytes()))) {
            for (TaskName task : probeTasks) {
                TaskDataset data = datasets.of(task, manifest);
                List<String> splits = o.splits() != null ? o.splits() : data.splitNames();
                for (String split : splits) {
                    if (!data.splits().containsKey(split)) {
                        throw new RejectedEvent(
                                "probe task " + task + " has no split '" + split + "'; it has " + data.splitNames());
                    }
                    embedSplit(
                            model,
                            event,
                            task,
                            data.targetKind(),
                            split,
                            data.split(split),
                            layers,
                            data.labels().labels(),
                            out,
                            stop);
                }
            }
        }
    }

    private void embedSplit(
            BertModel model,
            CheckpointEvent event,
            TaskName task,
            TargetKind kind,
            String splitName,
            Split split,
            int[] layers,
            List<String> labelNames,
            Consumer<EmbeddingBatch> out,
            BooleanSupplier stop) {
        int h = model.config().hiddenSize();
        int dim = kind == TargetKind.WORD_PAIR ? 2 * h : h;
        int max = Topics.maxVectorsPerChunk(dim);
        int chunkSize = o.chunkSize() > 0 ? Math.min(o.chunkSize(), max) : max;
        List<Example> examples = split.examples();
        int n = examples.size();
        SetWriter[] writers = new SetWriter[layers.length];
        for (int li = 0; li < layers.length; li++) {
            writers[li] = new SetWriter(
                    event.runId(), event.step(), task.id(), splitName, layers[li], dim, n, chunkSize, labelNames, out);
        }
        List<SentenceExamples> sentences = SentenceExamples.group(examples);
        int maxLen = model.config().maxPositions();
        int index = 0;
        for (int from = 0; from < sentences.size(); from += o.batchSentences()) {
            if (stop.getAsBoolean()) {
                throw new CancellationException("stopped in split " + splitName + " of " + task);
            }
            List<SentenceExamples> batch =
                    sentences.subList(from, Math.min(sentences.size(), from + o.batchSentences()));
            List<Encoding> enc = new ArrayList<>(batch.size());
            List<List<Target>> targets = new ArrayList<>(batch.size());
            List<Example> flat = new ArrayList<>();
            for (SentenceExamples s : batch) {
                try {
                    enc.add(model.tokenizer().encodeWords(s.words(), maxLen, WordPieceTokenizer.Overflow.FAIL));
                } catch (WordPieceTokenizer.SequenceTooLongException e) {
                    throw new RejectedEvent("probe task " + task + " split " + splitName + " sentence " + s.sentenceId()
                            + ": " + e.getMessage());
                }
                targets.add(s.examples().stream()
                        .map(e -> Target.of(e.target().word(), e.target().head()))
                        .toList());
                flat.addAll(s.examples());
            }
            float[][][] v = model.targetVectors(enc, targets, layers);
            for (int k = 0; k < flat.size(); k++) {
                Example e = flat.get(k);
                int remaining = n - index - 1;
                for (int li = 0; li < layers.length; li++) {
                    writers[li].add(index, e.labelId(), v[li][k], remaining);
                }
                index++;
            }
        }
        for (SetWriter w : writers) {
            w.finish();
        }
    }
}
