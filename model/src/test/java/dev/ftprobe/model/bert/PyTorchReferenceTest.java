package dev.ftprobe.model.bert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.ftprobe.model.BertConfig;
import dev.ftprobe.model.checkpoint.SafeTensors;
import dev.ftprobe.model.checkpoint.Tensor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every hidden state and the pooled output equal those of an independent PyTorch implementation
 * (src/test/python/make_reference.py, fixtures committed under resources/reference) within 1e-4.
 */
class PyTorchReferenceTest {
    @Test
    void allHiddenStatesMatchPyTorch() throws Exception {
        Path dir = Path.of(getClass().getResource("/reference/config.json").toURI())
                .getParent();
        BertConfig config = BertConfig.read(dir.resolve("config.json"));
        Map<String, Tensor> weights = SafeTensors.read(dir.resolve("weights.safetensors"));
        Map<String, Tensor> expected = SafeTensors.read(dir.resolve("expected.safetensors"));
        try (NDManager m = NDManager.newBaseManager()) {
            BertEncoderBlock block = new BertEncoderBlock(config);
            Map<String, NDArray> nd = new HashMap<>();
            weights.forEach((k, t) -> nd.put(k, t.toNDArray(m)));
            block.setWeights(nd);
            try (NDManager s = m.newSubManager()) {
                NDArray ids = asLong(s, expected.get("input_ids"));
                NDArray types = asLong(s, expected.get("token_type_ids"));
                NDArray mask = asLong(s, expected.get("attention_mask"));
                var out = block.forward(ids, types, mask, true);
                assertThat(out.hiddenStates()).hasSize(config.numLayers() + 1);
                double worst = 0;
                for (int l = 0; l <= config.numLayers(); l++) {
                    worst = Math.max(
                            worst, check(out.hiddenStates().get(l), expected.get("hidden." + l), "hidden." + l));
                }
                worst = Math.max(worst, check(out.pooled(), expected.get("pooled"), "pooled"));
                // the fixture's weights are large enough that states are O(1): 1e-4 is meaningful
                assertThat(worst).isLessThan(1e-4);
            }
        }
    }

    private static double check(NDArray got, Tensor want, String name) {
        assertThat(got.getShape()).as(name).isEqualTo(new Shape(want.shape()));
        float[] g = got.toFloatArray();
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < g.length; i++) {
            worst = Math.max(worst, Math.abs(g[i] - want.data()[i]));
            scale = Math.max(scale, Math.abs(want.data()[i]));
        }
        assertThat(scale).as(name + " is not trivially small").isGreaterThan(0.5);
        assertThat(worst).as(name).isLessThan(1e-4);
        return worst;
    }

    private static NDArray asLong(NDManager m, Tensor t) {
        long[] v = new long[t.data().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (long) t.data()[i];
        }
        return m.create(v, new Shape(t.shape()));
    }
}
