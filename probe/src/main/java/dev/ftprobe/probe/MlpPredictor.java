package dev.ftprobe.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The class each trained MLP predicts for each point: the largest output (ties to the lower class, as numpy's argmax),
 * or for one logistic unit class 1 when its probability exceeds 0.5 (sklearn's threshold).
 */
public final class MlpPredictor {
    private MlpPredictor() {}

    /** Per model (in order), the predicted class of every point of {@code set}. */
    public static int[][] predict(FittedMlp[] models, ProbeSet set) {
        int[][] out = new int[models.length][];
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(set.values(), new Shape(set.size(), set.dimension()));
            for (int m = 0; m < models.length; m++) {
                try (NDScope scope = new NDScope()) { // frees each model's arrays before the next
                    out[m] = predict(manager, models[m].weights(), x);
                }
            }
        }
        return out;
    }

    private static int[] predict(NDManager manager, MlpWeights w, NDArray x) {
        float[][] arrays = w.arrays();
        long[][] shapes = w.arrayShapes();
        NDArray[] p = new NDArray[6];
        for (int i = 0; i < 6; i++) {
            p[i] = manager.create(arrays[i], new Shape(shapes[i]));
        }
        NDArray a1 = x.matMul(p[0]).addi(p[1]).maximum(0f);
        NDArray a2 = a1.matMul(p[2]).addi(p[3]).maximum(0f);
        NDArray z = a2.matMul(p[4]).addi(p[5]);
        if (w.outputs() == 1) {
            return z.gt(0f).toType(DataType.INT32, false).toIntArray(); // sigmoid(z) > 0.5 exactly when z > 0
        }
        long[] arg = z.argMax(1).toLongArray();
        int[] out = new int[arg.length];
        for (int i = 0; i < arg.length; i++) {
            out[i] = (int) arg[i];
        }
        return out;
    }
}
