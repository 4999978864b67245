package dev.ftprobe.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.Target;
import dev.ftprobe.model.bert.TargetPooling;
import dev.ftprobe.model.tokenizer.Encoding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fine-tunes a {@link BertModel} with a {@link TaskHead}: each {@link #step} runs the batch forward under DJL autograd
 * ({@link GradientCollector}), takes the mean cross-entropy over all targets of the batch, and updates every encoder
 * and head parameter with DJL's Adam (betas 0.9/0.999, eps 1e-8, no weight decay) at the rate of a
 * {@link LinearSchedule}. No dropout is applied, so a step is a deterministic function of the weights and the batch;
 * the only randomness, the head's initialisation, comes from its seed (shuffling is the caller's).
 */
public final class FineTuner {
    private final BertModel model;
    private final TaskHead head;
    private final LinearSchedule schedule;
    private final Optimizer adam;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private int step;

    public FineTuner(BertModel model, TaskHead head, LinearSchedule schedule) {
        this(model, head, schedule, 0);
    }

    /**
     * A fine-tuner that continues a run after {@code stepsDone} updates (resuming from a checkpoint): the schedule goes
     * on from that step. Adam's moments start afresh, since a checkpoint holds weights only.
     */
    public FineTuner(BertModel model, TaskHead head, LinearSchedule schedule, int stepsDone) {
        if (stepsDone < 0 || stepsDone > schedule.totalSteps()) {
            throw new IllegalArgumentException("steps done " + stepsDone + " outside 0.." + schedule.totalSteps());
        }
        this.step = stepsDone;
        this.model = model;
        this.head = head;
        this.schedule = schedule;
        // the rate comes from our own step counter rather than DJL's per-parameter update count
        Tracker rate = ignored -> schedule.lr(step);
        this.adam = Optimizer.adam().optLearningRateTracker(rate).build();
        model.encoder().namedParameters().forEach((k, p) -> params.put("bert." + k, p.getArray()));
        params.put(TaskHead.WEIGHT, head.weight());
        params.put(TaskHead.BIAS, head.bias());
        params.values().forEach(a -> a.setRequiresGradient(true));
    }

    public int stepsDone() {
        return step;
    }

    public float currentLearningRate() {
        return schedule.lr(step);
    }

    /**
     * One optimisation step.
     *
     * @param batch encoded sentences
     * @param targets per sentence, its targets (of the head's kind)
     * @param labels per sentence, the label index of each target, in {@code [0, labels)}
     * @return the batch's mean loss before the update
     */
    public float step(List<Encoding> batch, List<List<Target>> targets, List<int[]> labels) {
        int b = batch.size();
        if (targets.size() != b || labels.size() != b) {
            throw new IllegalArgumentException("batch of " + b + " sentences with " + targets.size()
                    + " target lists and " + labels.size() + " label lists");
        }
        int n = 1;
        int count = 0;
        for (int s = 0; s < b; s++) {
            if (targets.get(s).size() != labels.get(s).length) {
                throw new IllegalArgumentException("sentence " + s + ": "
                        + targets.get(s).size() + " targets but " + labels.get(s).length + " labels");
            }
            for (Target t : targets.get(s)) {
                if (!head.kind().accepts(t)) {
                    throw new IllegalArgumentException(
                            "sentence " + s + ": target " + t + " does not fit a " + head.kind() + " head");
                }
            }
            n = Math.max(n, targets.get(s).size());
            count += targets.get(s).size();
        }
        if (count == 0) {
            throw new IllegalArgumentException("batch has no targets");
        }
        int c = head.numLabels();
        float[] oneHot = new float[b * n * c];
        for (int s = 0; s < b; s++) {
            int[] ls = labels.get(s);
            for (int i = 0; i < ls.length; i++) {
                if (ls[i] < 0 || ls[i] >= c) {
                    throw new IllegalArgumentException(
                            "sentence " + s + " target " + i + ": label " + ls[i] + " is not in [0, " + c + ")");
                }
                oneHot[(s * n + i) * c + ls[i]] = 1f;
            }
        }
        float loss;
        try (NDManager m = model.manager().newSubManager()) {
            BertModel.Inputs in = model.inputs(m, batch);
            NDArray p = TargetPooling.matrices(
                    m, batch, targets, (int) in.ids().getShape().get(1));
            NDArray y = m.create(oneHot, new Shape(b, n, c));
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                var out = model.encoder().forward(in.ids(), in.typeIds(), in.mask(), false);
                NDArray logits = head.logits(TargetPooling.pool(out.lastHiddenState(), p));
                // the divisor as a tensor of m, not div(Number): see BertEncoderBlock.forward
                NDArray lossArr = logits.logSoftmax(-1).mul(y).sum().neg().div(m.create((float) count));
                gc.backward(lossArr);
                loss = lossArr.getFloat();
            }
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray w = e.getValue();
                NDArray g = w.getGradient();
                g.attach(m);
                adam.update(e.getKey(), w, g);
                g.subi(g); // PyTorch accumulates gradients; clear them for the next step
            }
        }
        step++;
        return loss;
    }
}
