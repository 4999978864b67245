package dev.ftprobe.trainer;

import dev.ftprobe.model.Target;
import dev.ftprobe.model.tokenizer.Encoding;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which training sentences each step uses. Batches are of sentences (all targets of a sentence go together, as in HF's
 * token classification); each epoch visits every sentence once in an order shuffled by {@code java.util.Random(seed *
 * 1_000_003 + epoch)}, so step k's batch depends only on (seed, k): a resumed run sees the batches an uninterrupted one
 * would.
 */
final class TrainingPlan {
    /** A training sentence: its encoding and the targets that survived truncation, with labels. */
    record Item(Encoding encoding, List<Target> targets, int[] labels) {}

    private final List<Item> items;
    private final int batchSize;
    private final long seed;
    private final int stepsPerEpoch;
    private final int totalSteps;
    private int cachedEpoch = -1;
    private List<Integer> cachedOrder;

    TrainingPlan(List<Item> items, int batchSize, long seed, int epochs, long maxSteps) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no training sentence has a usable example");
        }
        this.items = List.copyOf(items);
        this.batchSize = batchSize;
        this.seed = seed;
        this.stepsPerEpoch = (items.size() + batchSize - 1) / batchSize;
        long total = (long) epochs * stepsPerEpoch;
        if (maxSteps > 0) {
            total = Math.min(total, maxSteps);
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many steps: " + total);
        }
        this.totalSteps = (int) total;
    }

    int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    int totalSteps() {
        return totalSteps;
    }

    int sentences() {
        return items.size();
    }

    /** The epoch (1-based) of update number {@code step} (0-based); the checkpoint after it carries it. */
    int epochOfUpdate(int step) {
        return step / stepsPerEpoch + 1;
    }

    /** The epoch a checkpoint after {@code stepsDone} updates belongs to; 0 before any update. */
    int epochOfCheckpoint(long stepsDone) {
        return stepsDone == 0 ? 0 : (int) ((stepsDone - 1) / stepsPerEpoch + 1);
    }

    /** The sentences of update {@code step} (0-based). */
    List<Item> batch(int step) {
        int epoch = step / stepsPerEpoch;
        if (epoch != cachedEpoch) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
            cachedOrder = order;
            cachedEpoch = epoch;
        }
        int from = (step % stepsPerEpoch) * batchSize;
        int to = Math.min(items.size(), from + batchSize);
        List<Item> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(items.get(cachedOrder.get(i)));
        }
        return out;
    }
}
