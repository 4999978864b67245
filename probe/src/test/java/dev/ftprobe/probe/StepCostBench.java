package dev.ftprobe.probe;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Time per mini-batch step of one stack (opt-in: {@code -Dsurefire.excludedGroups= -Dtest=StepCostBench}). */
@Tag("opt-in")
class StepCostBench {
    @Test
    void stepCost() {
        Engine.getEngine("PyTorch");
        int threads = Integer.getInteger("bench.threads", 1);
        JniUtils.setNumThreads(threads);
        int d = 768;
        int b = 200;
        int outputs = 17;
        SplittableRandom r = new SplittableRandom(1);
        for (int[] s : new int[][] {{256, 128}, {256, 256}, {32, 32}, {128, 64}}) {
            for (int k : new int[] {1, 8}) {
                MlpShape shape = new MlpShape(s[0], s[1]);
                List<MlpWeights> init = new ArrayList<>();
                double[] alphas = new double[k];
                for (int m = 0; m < k; m++) {
                    init.add(new ModelRandom(1).initialWeights(d, shape, outputs));
                    alphas[m] = 1e-4;
                }
                try (NDManager manager = NDManager.newBaseManager();
                        StackedMlp mlp = new StackedMlp(manager, init, alphas, MlpOptions.sklearn())) {
                    float[] xs = new float[b * d];
                    for (int i = 0; i < xs.length; i++) {
                        xs[i] = (float) r.nextGaussian();
                    }
                    float[] ys = new float[b * outputs];
                    for (int i = 0; i < b; i++) {
                        ys[i * outputs + r.nextInt(outputs)] = 1;
                    }
                    NDArray x = manager.create(xs, new Shape(1, b, d));
                    NDArray y = manager.create(ys, new Shape(1, b, outputs));
                    int steps = 60;
                    long t0 = 0;
                    for (int i = 0; i < steps + 10; i++) {
                        if (i == 10) {
                            t0 = System.nanoTime();
                        }
                        try (NDScope scope = new NDScope()) {
                            mlp.step(x, y);
                        }
                    }
                    double ms = (System.nanoTime() - t0) / 1e6 / steps;
                    double flops = 2.0 * k * b * (2.0 * d * s[0] + 3.0 * s[0] * s[1] + 3.0 * s[1] * outputs);
                    System.out.printf(
                            Locale.ROOT,
                            "threads %d shape %dx%d K=%d: %.2f ms/step, %.1f GFLOP/s%n",
                            threads,
                            s[0],
                            s[1],
                            k,
                            ms,
                            flops / ms / 1e6);
                }
            }
        }
    }
}
