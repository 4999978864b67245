package dev.ftprobe.model.bert;

import ai.djl.ndarray.types.Shape;
import dev.ftprobe.model.checkpoint.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * BERT's initialisation, seeded: weights (embeddings and linear) from a normal distribution with std 0.02 truncated at
 * two standard deviations (as TF's {@code truncated_normal_initializer}), LayerNorm weights 1, biases and LayerNorm
 * biases 0. Drawn in Java so that a seed gives the same weights on every engine and machine; each tensor gets its own
 * stream derived from the seed and the tensor's position, so adding a tensor does not shift the others.
 */
public final class RandomInit {
    public static final float STD = 0.02f;

    private RandomInit() {}

    public static Map<String, Tensor> weights(Map<String, Shape> shapes, long seed) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        SplittableRandom root = new SplittableRandom(seed);
        for (Map.Entry<String, Shape> e : shapes.entrySet()) {
            SplittableRandom rnd = root.split();
            String name = e.getKey();
            long[] shape = e.getValue().getShape();
            float[] data = new float[(int) e.getValue().size()];
            if (name.endsWith("LayerNorm.weight") || name.endsWith("LayerNorm.gamma")) {
                Arrays.fill(data, 1f);
            } else if (name.endsWith(".weight")) {
                fillTruncatedNormal(data, rnd, STD);
            }
            out.put(name, new Tensor(shape, data));
        }
        return out;
    }

    public static void fillTruncatedNormal(float[] data, SplittableRandom rnd, float std) {
        for (int i = 0; i < data.length; i++) {
            double z;
            do {
                z = gaussian(rnd);
            } while (Math.abs(z) > 2.0);
            data[i] = (float) (z * std);
        }
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
