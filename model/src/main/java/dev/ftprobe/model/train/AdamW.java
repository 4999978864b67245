package dev.ftprobe.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.ftprobe.model.checkpoint.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HF's {@code AdamW} (transformers 4.2.1, {@code correct_bias=True}) with weight decay 0, as HF's Trainer builds it by
 * default: {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2}, {@code w -= lr sqrt(1 - b2^t) / (1 - b1^t) *
 * m / (sqrt(v) + eps)}, eps outside the bias correction. Written here rather than DJL's {@code Adam} because its
 * moments must be saved with a checkpoint and restored for an exact resume ({@link #state}, {@link #restore}).
 */
public final class AdamW {
    public static final float BETA1 = 0.9f;
    public static final float BETA2 = 0.999f;
    public static final float EPS = 1e-8f;
    /** The moments' names in {@link #state()}: {@code adam.m.<parameter>} and {@code adam.v.<parameter>}. */
    public static final String M = "adam.m.";

    public static final String V = "adam.v.";

    private final NDManager manager;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private long updates;

    /** Moments (zeros at first) live in {@code manager}, which must outlive the optimizer. */
    public AdamW(NDManager manager) {
        this.manager = manager;
    }

    /** How many updates were made (HF's {@code state["step"]}, the same for every parameter here). */
    public long updates() {
        return updates;
    }

    /** Starts an update: the bias correction of every {@link #update} until the next call uses its count. */
    public void beginStep() {
        updates++;
    }

    /** Updates {@code w} in place from its gradient at learning rate {@code lr}. */
    public void update(String name, NDArray w, NDArray g, float lr) {
        if (updates == 0) {
            throw new IllegalStateException("call beginStep before update");
        }
        NDArray mt = m.computeIfAbsent(name, k -> manager.zeros(w.getShape()));
        NDArray vt = v.computeIfAbsent(name, k -> manager.zeros(w.getShape()));
        double bc1 = 1.0 - Math.pow(BETA1, updates);
        double bc2 = 1.0 - Math.pow(BETA2, updates);
        float stepSize = (float) (lr * Math.sqrt(bc2) / bc1);
        // temporaries closed here: results of ops on the moments would otherwise live as long as the model's manager
        try (NDArray gm = g.mul(1f - BETA1);
                NDArray g2 = g.square();
                NDArray g2m = g2.mul(1f - BETA2)) {
            mt.muli(BETA1).addi(gm);
            vt.muli(BETA2).addi(g2m);
        }
        try (NDArray denom = vt.sqrt();
                NDArray delta = mt.div(denom.addi(EPS))) {
            w.subi(delta.muli(stepSize));
        }
    }

    /** The moments by {@link #M}/{@link #V} name, copied. */
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.forEach((k, a) -> out.put(M + k, Tensor.of(a)));
        v.forEach((k, a) -> out.put(V + k, Tensor.of(a)));
        return out;
    }

    /** Sets the moments and the update count, as {@link #state()} and {@link #updates()} gave them. */
    public void restore(Map<String, Tensor> state, long updateCount) {
        if (updateCount < 0) {
            throw new IllegalArgumentException("update count " + updateCount + " < 0");
        }
        m.values().forEach(NDArray::close);
        v.values().forEach(NDArray::close);
        m.clear();
        v.clear();
        state.forEach((k, t) -> {
            if (k.startsWith(M)) {
                m.put(k.substring(M.length()), t.toNDArray(manager));
            } else if (k.startsWith(V)) {
                v.put(k.substring(V.length()), t.toNDArray(manager));
            } else {
                throw new IllegalArgumentException("not an Adam moment: '" + k + "'");
            }
        });
        if (!m.keySet().equals(v.keySet())) {
            throw new IllegalArgumentException("first and second moments name different parameters");
        }
        this.updates = updateCount;
    }
}
