package dev.ftprobe.trainer;

import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.Evaluation;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.checkpoint.CheckpointStore;
import dev.ftprobe.model.train.FineTuner;
import dev.ftprobe.model.train.TaskHead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a run: its manifest, and each checkpoint once its file and its training state ({@link TrainingStates}) are
 * durable in the store (write, then the event, acknowledged before the call returns). Remembers the steps published, by
 * this run or an earlier one, so that no step is published twice.
 */
final class CheckpointPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class); // the service's log category

    private final KafkaProducer<String, byte[]> producer;
    private final CheckpointStore store;
    private final TrainingStates states;
    private final TrainerMetrics metrics;
    private final Consumer<CheckpointEvent> listener;
    private final String runId;
    private final Set<Long> publishedSteps = new HashSet<>();
    private final List<CheckpointEvent> published = new ArrayList<>();

    CheckpointPublisher(
            KafkaProducer<String, byte[]> producer,
            CheckpointStore store,
            TrainerMetrics metrics,
            Consumer<CheckpointEvent> listener,
            String runId,
            List<CheckpointEvent> earlier) {
        this.producer = producer;
        this.store = store;
        this.states = new TrainingStates(store.root(), runId);
        this.metrics = metrics;
        this.listener = listener;
        this.runId = runId;
        earlier.forEach(e -> publishedSteps.add(e.step()));
    }

    void publishManifest(RunManifest manifest) {
        send(Topics.RUNS.name(), Topics.RUNS.valueSerde().serializer().serialize(Topics.RUNS.name(), manifest));
    }

    boolean isPublished(long step) {
        return publishedSteps.contains(step);
    }

    /** The checkpoints this publisher published, in order. */
    List<CheckpointEvent> published() {
        return List.copyOf(published);
    }

    /** The run's training states beside the store. */
    TrainingStates states() {
        return states;
    }

    /**
     * Writes the model and head to the store and the optimizer's state beside it, then publishes the checkpoint's event
     * with the evaluation (null for none).
     */
    void publish(
            int epoch,
            Double loss,
            float lr,
            BertModel model,
            TaskHead head,
            FineTuner.State state,
            TrainingPlan plan,
            Map<String, Evaluation> evaluation) {
        long step = state.step();
        CheckpointEvent e = write(step, epoch, loss, lr, model, head, evaluation);
        states.write(state, plan);
        send(
                Topics.CHECKPOINTS.name(),
                Topics.CHECKPOINTS.valueSerde().serializer().serialize(Topics.CHECKPOINTS.name(), e));
        published.add(e);
        publishedSteps.add(e.step());
        metrics.checkpointPublished(e.step());
        states.deleteBefore(step);
        listener.accept(e);
    }

    private CheckpointEvent write(
            long step,
            int epoch,
            Double loss,
            float lr,
            BertModel model,
            TaskHead head,
            Map<String, Evaluation> evaluation) {
        long t0 = System.nanoTime();
        CheckpointStore.Stored s;
        try {
            s = store.put(model.config(), model.vocabulary(), model.encoderTensors(), head.tensors());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "writing the checkpoint of run " + runId + " step " + step + " to " + store.root() + " failed: "
                            + e.getMessage(),
                    e);
        }
        metrics.checkpointWritten(System.nanoTime() - t0);
        LOG.info(
                "run {} step {}: checkpoint {} ({} bytes) in {} ms",
                runId,
                step,
                s.uri(),
                s.sizeBytes(),
                (System.nanoTime() - t0) / 1_000_000);
        return new CheckpointEvent(
                runId, step, epoch, loss, lr, s.uri().toString(), s.sha256(), s.sizeBytes(), Instant.now(), evaluation);
    }

    private void send(String topic, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, runId, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "publishing to " + topic + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
