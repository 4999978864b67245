package dev.ftprobe.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.List;

/**
 * K MLPs of one shape trained side by side: each parameter is stacked on a leading model axis ([K, fan_in, fan_out]) so
 * that one batched matrix product computes a layer of every model, and one Adam step updates them all. The gradients
 * are written out by hand (no autograd): they are sklearn's {@code _backprop}.
 *
 * <p>Everything lives in a sub-manager of the caller's; {@link #close()} frees it.
 */
final class StackedMlp implements AutoCloseable {
    /** Probabilities are clipped to [EPS, 1 - EPS] in the loss, as sklearn clips to 1e-10 in float64. */
    private static final float EPS = 1e-7f;

    private static final int[] MATRIX_AXES = {1, 2};

    private final NDManager manager;
    private final MlpOptions options;
    private final int inputs;
    private final MlpShape shape;
    private final int outputs;
    private NDArray[] params; // w1, b1, w2, b2, w3, b3, each [K, fan_in (1 for biases), fan_out]
    private NDArray[] firstMoments;
    private NDArray[] secondMoments;
    private NDArray alphas; // [K, 1, 1]
    private double[] alphaValues;
    private int step; // Adam's t: the number of updates so far, the same for every model

    StackedMlp(NDManager parent, List<MlpWeights> init, double[] alphas, MlpOptions options) {
        this.manager = parent.newSubManager();
        this.options = options;
        MlpWeights first = init.get(0);
        this.inputs = first.inputs();
        this.shape = first.shape();
        this.outputs = first.outputs();
        int k = init.size();
        long[][] shapes = first.arrayShapes();
        params = new NDArray[6];
        firstMoments = new NDArray[6];
        secondMoments = new NDArray[6];
        for (int i = 0; i < 6; i++) {
            int len = first.arrays()[i].length;
            float[] stacked = new float[k * len];
            for (int m = 0; m < k; m++) {
                System.arraycopy(init.get(m).arrays()[i], 0, stacked, m * len, len);
            }
            Shape s = new Shape(k, shapes[i][0], shapes[i][1]);
            params[i] = manager.create(stacked, s);
            firstMoments[i] = manager.zeros(s);
            secondMoments[i] = manager.zeros(s);
        }
        setAlphas(alphas.clone());
    }

    private void setAlphas(double[] values) {
        alphaValues = values;
        float[] a = new float[values.length];
        for (int m = 0; m < values.length; m++) {
            a[m] = (float) values[m];
        }
        if (alphas != null) {
            alphas.close();
        }
        alphas = manager.create(a, new Shape(values.length, 1, 1));
    }

    /** The number of models in the stack. */
    int size() {
        return alphaValues.length;
    }

    /**
     * One mini-batch step of every model: forward, sklearn's loss, backward, Adam update. Call it inside an
     * {@code NDScope} so that its intermediate arrays are freed.
     *
     * @param x [K, B, d] (each model its own batch) or [1, B, d] (one batch for all)
     * @param y the batch's targets, [K or 1, B, outputs]: one-hot, or 0/1 for one logistic unit
     * @return per model, the batch loss: mean cross-entropy + 0.5 * alpha * ||W||^2 / B
     */
    double[] step(NDArray x, NDArray y) {
        long b = x.getShape().get(1);
        NDArray w1 = params[0];
        NDArray w2 = params[2];
        NDArray w3 = params[4];
        NDArray a1 = x.matMul(w1).addi(params[1]).maximum(0f);
        NDArray a2 = a1.matMul(w2).addi(params[3]).maximum(0f);
        NDArray z3 = a2.matMul(w3).addi(params[5]);
        NDArray p = outputs == 1 ? Activation.sigmoid(z3) : z3.softmax(2);
        double[] loss = loss(p, y, b);

        NDArray d3 = p.sub(y); // the output delta of softmax + log loss, and of logistic + binary log loss
        NDArray d2 = d3.matMul(w3.transpose(0, 2, 1)).muli(positive(a2));
        NDArray d1 = d2.matMul(w2.transpose(0, 2, 1)).muli(positive(a1));
        NDArray[] grads = {
            weightGradient(x, d1, w1, b), d1.mean(new int[] {1}, true),
            weightGradient(a1, d2, w2, b), d2.mean(new int[] {1}, true),
            weightGradient(a2, d3, w3, b), d3.mean(new int[] {1}, true)
        };
        adam(grads);
        return loss;
    }

    /** sklearn's {@code _compute_loss_grad}: (activations^T delta + alpha W) / B. */
    private NDArray weightGradient(NDArray activations, NDArray delta, NDArray w, long b) {
        return activations.transpose(0, 2, 1).matMul(delta).addi(w.mul(alphas)).divi(b);
    }

    /** ReLU's derivative as sklearn takes it: 0 where the activation is 0. */
    private static NDArray positive(NDArray activation) {
        return activation.gt(0f).toType(DataType.FLOAT32, false);
    }

    private double[] loss(NDArray p, NDArray y, long b) {
        NDArray pc = p.clip(EPS, 1 - EPS);
        NDArray logLikelihood = y.mul(pc.log());
        if (outputs == 1) {
            logLikelihood =
                    logLikelihood.addi(y.neg().addi(1f).mul(pc.neg().addi(1f).log()));
        }
        float[] crossEntropy = logLikelihood.sum(MATRIX_AXES).toFloatArray();
        float[] squares = params[0]
                .square()
                .sum(MATRIX_AXES)
                .addi(params[2].square().sum(MATRIX_AXES))
                .addi(params[4].square().sum(MATRIX_AXES))
                .toFloatArray();
        double[] out = new double[squares.length];
        for (int m = 0; m < out.length; m++) {
            // p has a model axis, so a shared batch's targets broadcast to one sum per model
            out[m] = -crossEntropy[m] / b + 0.5 * alphaValues[m] * squares[m] / b;
        }
        return out;
    }

    /** sklearn's {@code AdamOptimizer._get_updates}, on every model at once. */
    private void adam(NDArray[] grads) {
        step++;
        double b1 = options.beta1();
        double b2 = options.beta2();
        float rate = (float) (options.learningRate() * Math.sqrt(1 - Math.pow(b2, step)) / (1 - Math.pow(b1, step)));
        for (int i = 0; i < 6; i++) {
            // in place wherever the value is not needed again: these arrays are the size of the weights, and each
            // temporary is one more pass over memory
            NDArray g = grads[i];
            secondMoments[i].muli((float) b2).addi(g.square().muli((float) (1 - b2)));
            firstMoments[i].muli((float) b1).addi(g.muli((float) (1 - b1)));
            NDArray denominator = secondMoments[i].sqrt().addi((float) options.epsilon());
            params[i].subi(firstMoments[i].mul(rate).divi(denominator));
        }
    }

    /** Model {@code m}'s current weights. */
    MlpWeights weights(int m) {
        float[][] arrays = new float[6][];
        for (int i = 0; i < 6; i++) {
            try (NDArray slice = params[i].get(m)) {
                arrays[i] = slice.toFloatArray();
            }
        }
        return MlpWeights.of(inputs, shape, outputs, arrays);
    }

    /** Keeps only the models at these stack positions (ascending), in that order. */
    void keep(int[] positions) {
        long[] idx = new long[positions.length];
        double[] kept = new double[positions.length];
        for (int j = 0; j < positions.length; j++) {
            idx[j] = positions[j];
            kept[j] = alphaValues[positions[j]];
        }
        try (NDArray index = manager.create(idx)) {
            params = select(params, index);
            firstMoments = select(firstMoments, index);
            secondMoments = select(secondMoments, index);
        }
        setAlphas(kept);
    }

    private static NDArray[] select(NDArray[] arrays, NDArray index) {
        NDArray[] out = new NDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            out[i] = arrays[i].get(index);
            arrays[i].close();
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
