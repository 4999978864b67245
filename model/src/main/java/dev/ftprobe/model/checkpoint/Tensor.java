package dev.ftprobe.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/** A named float32 tensor held on the Java heap, row-major; the currency of checkpoint I/O. */
public record Tensor(long[] shape, float[] data) {
    public Tensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    public Shape djlShape() {
        return new Shape(shape);
    }

    public NDArray toNDArray(NDManager manager) {
        return manager.create(data, new Shape(shape));
    }

    public static Tensor of(NDArray a) {
        return new Tensor(a.getShape().getShape(), a.toFloatArray());
    }

    /** The transpose of a 2-D tensor (TF kernels are [in, out], HF weights [out, in]). */
    public Tensor transpose2d() {
        if (shape.length != 2) {
            throw new IllegalStateException("not a matrix: " + Arrays.toString(shape));
        }
        int r = (int) shape[0];
        int c = (int) shape[1];
        float[] out = new float[data.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[j * r + i] = data[i * c + j];
            }
        }
        return new Tensor(new long[] {c, r}, out);
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }
}
