package dev.ftprobe.trainer;

import dev.ftprobe.events.Evaluation;
import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.train.HeadEvaluation;
import dev.ftprobe.model.train.TaskHead;
import dev.ftprobe.model.train.WordPooling;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head's loss and accuracy on the evaluation splits at a checkpoint (inference mode), for the checkpoint's event
 * and the {@code ftprobe_eval_*} gauges: so that performance is seen beside the geometry.
 */
final class CheckpointEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class); // the service's log category

    private final Map<String, List<HeadEvaluation.Sentence>> sets;
    private final WordPooling pooling;
    private final int batchSize;
    private final TrainerMetrics metrics;
    private final BooleanSupplier stop;

    /** {@code stop} abandons an evaluation between two batches ({@link #evaluate}). */
    CheckpointEvaluator(
            Map<String, List<HeadEvaluation.Sentence>> sets,
            WordPooling pooling,
            int batchSize,
            TrainerMetrics metrics,
            BooleanSupplier stop) {
        this.stop = stop;
        this.sets = sets;
        this.pooling = pooling;
        this.batchSize = batchSize;
        this.metrics = metrics;
    }

    /**
     * The evaluation by split; null when there is nothing to evaluate (so the event carries none).
     *
     * @throws CancellationException when a stop was asked for meanwhile: the checkpoint is abandoned, and a resumed run
     *     writes it again from the one before
     */
    Map<String, Evaluation> evaluate(String runId, long step, BertModel model, TaskHead head) {
        if (sets.isEmpty()) {
            return null;
        }
        Map<String, Evaluation> out = new LinkedHashMap<>();
        sets.forEach((split, sentences) -> {
            long t0 = System.nanoTime();
            HeadEvaluation.Result r = HeadEvaluation.evaluate(model, head, pooling, sentences, batchSize, stop);
            Evaluation e = new Evaluation(r.loss(), r.accuracy(), r.examples());
            out.put(split, e);
            metrics.evaluated(split, e);
            LOG.info(
                    "run {} step {}: {} loss {} accuracy {} ({} examples, {} ms)",
                    runId,
                    step,
                    split,
                    String.format(Locale.ROOT, "%.4f", e.loss()),
                    String.format(Locale.ROOT, "%.4f", e.accuracy()),
                    e.examples(),
                    (System.nanoTime() - t0) / 1_000_000);
        });
        return out;
    }
}
