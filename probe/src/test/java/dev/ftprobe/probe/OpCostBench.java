package dev.ftprobe.probe;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Costs of the probe's operations (opt-in). */
@Tag("opt-in")
class OpCostBench {
    private static double ms(Supplier<NDArray> op) {
        for (int i = 0; i < 5; i++) {
            try (NDScope s = new NDScope()) {
                op.get().toFloatArray();
            }
        }
        int n = 30;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            try (NDScope s = new NDScope()) {
                op.get();
            }
        }
        return (System.nanoTime() - t0) / 1e6 / n;
    }

    @Test
    void ops() {
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(Integer.getInteger("bench.threads", 1));
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(1);
            NDArray x3 = m.randomNormal(new Shape(1, 200, 768));
            NDArray x2 = m.randomNormal(new Shape(200, 768));
            NDArray w3 = m.randomNormal(new Shape(8, 768, 256));
            NDArray w2 = m.randomNormal(new Shape(768, 2048));
            NDArray xk = m.randomNormal(new Shape(8, 200, 768));
            NDArray d3 = m.randomNormal(new Shape(8, 200, 256));
            NDArray d2 = m.randomNormal(new Shape(200, 2048));
            double gf = 2.0 * 8 * 200 * 768 * 256 / 1e6;
            report("broadcast [1,200,768]@[8,768,256]", ms(() -> x3.matMul(w3)), gf);
            report("bmm [8,200,768]@[8,768,256]", ms(() -> xk.matMul(w3)), gf);
            report("gemm [200,768]@[768,2048]", ms(() -> x2.matMul(w2)), gf);
            report(
                    "grad broadcast [1,768,200]@[8,200,256]",
                    ms(() -> x3.transpose(0, 2, 1).matMul(d3)),
                    gf);
            NDArray g = m.randomNormal(new Shape(8, 768, 256));
            NDArray mo = m.zeros(new Shape(8, 768, 256));
            NDArray v = m.zeros(new Shape(8, 768, 256));
            report("relu mask [8,200,256]", ms(() -> d3.gt(0f).toType(DataType.FLOAT32, false)), 0);
            report("square-sum [8,768,256]", ms(() -> w3.square().sum(new int[] {1, 2})), 0);
            report(
                    "adam [8,768,256]",
                    ms(() -> {
                        mo.muli(0.9f).addi(g.mul(0.1f));
                        v.muli(0.999f).addi(g.square().muli(0.001f));
                        return w3.subi(mo.div(v.sqrt().addi(1e-8f)).muli(1e-3f));
                    }),
                    0);
        }
    }

    private static void report(String what, double ms, double mflop) {
        System.out.printf(Locale.ROOT, "%-45s %8.2f ms %8.1f GFLOP/s%n", what, ms, mflop / ms);
    }
}
