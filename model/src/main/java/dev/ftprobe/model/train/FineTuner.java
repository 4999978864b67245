package dev.ftprobe.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.Target;
import dev.ftprobe.model.checkpoint.Tensor;
import dev.ftprobe.model.tokenizer.Encoding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fine-tunes a {@link BertModel} with a {@link TaskHead} as HF's Trainer does: each {@link #step} runs the batch
 * forward under DJL autograd with the step's dropout ({@link FineTuningRecipe}), through the head of HF's task model
 * ({@link HeadForward}), takes the mean cross-entropy over all targets of the batch, clips all gradients together to
 * the recipe's global norm ({@link GradientClipping}) and updates every encoder and head parameter with {@link AdamW}
 * at the rate of a {@link LinearSchedule}. Dropout masks are seeded from (seed, step), so a step is a deterministic
 * function of the weights, the optimizer's moments, the batch and the step number: {@link #state()} and a fine-tuner
 * built from it continue exactly as the uninterrupted one would.
 */
public final class FineTuner {
    private final BertModel model;
    private final TaskHead head;
    private final LinearSchedule schedule;
    private final FineTuningRecipe recipe;
    private final AdamW adam;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private int step;
    private double lastGradNorm = Double.NaN;

    /** A fine-tuner without clipping or dropout, mean word pooling, from step 0. */
    public FineTuner(BertModel model, TaskHead head, LinearSchedule schedule) {
        this(model, head, schedule, FineTuningRecipe.plain(0), null);
    }

    /**
     * A fine-tuner that starts at step 0 ({@code resumeFrom} null) or continues a run from its saved state: the
     * schedule, Adam's moments and update count, and the dropout masks go on from that step.
     */
    public FineTuner(
            BertModel model, TaskHead head, LinearSchedule schedule, FineTuningRecipe recipe, State resumeFrom) {
        int stepsDone = resumeFrom == null ? 0 : resumeFrom.step();
        if (stepsDone < 0 || stepsDone > schedule.totalSteps()) {
            throw new IllegalArgumentException("steps done " + stepsDone + " outside 0.." + schedule.totalSteps());
        }
        this.step = stepsDone;
        this.model = model;
        this.head = head;
        this.schedule = schedule;
        this.recipe = recipe;
        this.adam = new AdamW(model.manager());
        model.encoder().namedParameters().forEach((k, p) -> params.put("bert." + k, p.getArray()));
        params.put(TaskHead.WEIGHT, head.weight());
        params.put(TaskHead.BIAS, head.bias());
        params.values().forEach(a -> a.setRequiresGradient(true));
        if (resumeFrom != null) {
            // a state without moments (a checkpoint from before states were saved) restarts Adam's count too
            adam.restore(resumeFrom.moments(), resumeFrom.moments().isEmpty() ? 0 : resumeFrom.step());
        }
    }

    /** What an exact resume needs besides the weights: the steps done (= Adam's update count) and Adam's moments. */
    public record State(int step, Map<String, Tensor> moments) {
        public State {
            moments = Map.copyOf(moments);
        }
    }

    /** A copy of the optimizer's state after the steps done so far. */
    public State state() {
        return new State(step, adam.state());
    }

    public int stepsDone() {
        return step;
    }

    public float currentLearningRate() {
        return schedule.lr(step);
    }

    /** The global gradient norm of the last step, before clipping (NaN before the first step). */
    public double lastGradNorm() {
        return lastGradNorm;
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
        int count = TargetLabels.check(head, batch, targets, labels);
        if (count == 0) {
            throw new IllegalArgumentException("batch has no targets");
        }
        float loss;
        try (NDManager m = model.manager().newSubManager()) {
            NDArray y = TargetLabels.oneHot(m, head.numLabels(), targets, labels);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray logits =
                        HeadForward.logits(model, head, recipe.wordPooling(), m, batch, targets, recipe.dropout(step));
                // the divisor as a tensor of m, not div(Number): see BertEncoderBlock.forward
                NDArray lossArr = logits.logSoftmax(-1).mul(y).sum().neg().div(m.create((float) count));
                gc.backward(lossArr);
                loss = lossArr.getFloat();
            }
            Map<String, NDArray> grads = new LinkedHashMap<>();
            params.forEach((k, w) -> {
                NDArray g = w.getGradient();
                g.attach(m);
                grads.put(k, g);
            });
            try (NoGrad noGrad = new NoGrad()) {
                lastGradNorm = GradientClipping.clipGlobalNorm(grads.values(), recipe.maxGradNorm());
                float lr = schedule.lr(step);
                adam.beginStep();
                for (Map.Entry<String, NDArray> e : params.entrySet()) {
                    NDArray g = grads.get(e.getKey());
                    adam.update(e.getKey(), e.getValue(), g, lr);
                    g.subi(g); // PyTorch accumulates gradients; clear them for the next step
                }
            }
        }
        step++;
        return loss;
    }
}
