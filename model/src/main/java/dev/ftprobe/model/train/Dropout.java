package dev.ftprobe.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * HF BERT's dropout for one training step: each call to {@link #hidden} or {@link #attention} is one dropout site (in
 * forward order), whose mask keeps an element with probability {@code 1 - p} and scales it by {@code 1 / (1 - p)}, as
 * {@code torch.nn.Dropout}. A site's mask is drawn from the engine's generator seeded from (run seed, step, site), so
 * that the same run redraws the same masks bit for bit, a resumed run included. {@link #NONE} is inference: every site
 * is the identity (extraction and evaluation).
 */
public final class Dropout {
    /** No dropout anywhere: inference semantics. */
    public static final Dropout NONE = new Dropout(0f, 0f, 0L, 0L);

    private final float hiddenP;
    private final float attentionP;
    private final long seed;
    private final long step;
    private int site;

    private Dropout(float hiddenP, float attentionP, long seed, long step) {
        check(hiddenP, "hidden dropout");
        check(attentionP, "attention dropout");
        this.hiddenP = hiddenP;
        this.attentionP = attentionP;
        this.seed = seed;
        this.step = step;
    }

    /** The dropout of training step {@code step} of a run seeded {@code seed}. */
    public static Dropout training(float hiddenP, float attentionP, long seed, long step) {
        return hiddenP == 0 && attentionP == 0 ? NONE : new Dropout(hiddenP, attentionP, seed, step);
    }

    /** {@code hidden_dropout_prob}: embeddings, the two residual branches of each layer and the classifier input. */
    public NDArray hidden(NDArray x) {
        return apply(x, hiddenP);
    }

    /** {@code attention_probs_dropout_prob}: the attention probabilities. */
    public NDArray attention(NDArray x) {
        return apply(x, attentionP);
    }

    private NDArray apply(NDArray x, float p) {
        int s = site++;
        if (p == 0) {
            return x;
        }
        return x.mul(mask(x.getManager(), x.getShape(), p, siteSeed(seed, step, s)));
    }

    /**
     * A dropout mask: 0 with probability {@code p}, else {@code 1 / (1 - p)}, drawn from the engine's generator after
     * seeding it with {@code seed}. Synchronized because the generator is the engine's, shared by the JVM.
     */
    public static NDArray mask(NDManager m, Shape shape, float p, int seed) {
        check(p, "dropout");
        synchronized (Dropout.class) {
            Engine.getInstance().setRandomSeed(seed);
            NDArray u = m.randomUniform(0f, 1f, shape);
            // the scale as a tensor of m, not mul(Number): see BertEncoderBlock.forward
            return u.gte(p).toType(DataType.FLOAT32, false).mul(m.create(1f / (1f - p)));
        }
    }

    /** A site's seed: the run seed, step and site mixed (SplitMix64's finaliser) into the engine's int seed. */
    static int siteSeed(long seed, long step, int site) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xC2B2AE3D27D4EB4FL + site * 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) (z ^ (z >>> 32)) & Integer.MAX_VALUE;
    }

    private static void check(float p, String what) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(what + " probability must be in [0, 1), was " + p);
        }
    }
}
