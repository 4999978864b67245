package dev.ftprobe.app.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftprobe.model.BertConfig;
import dev.ftprobe.model.BertModel;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ftprobe model info --model M}: the model's shape as JSON. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Print layers, hidden size, heads, vocabulary size, parameter count and source as JSON.")
public final class ModelInfoCommand implements Callable<Integer> {
    @Mixin
    ModelOptions options;

    @Override
    public Integer call() throws Exception {
        try (BertModel m = options.load()) {
            BertConfig c = m.config();
            ObjectMapper json = new ObjectMapper();
            ObjectNode n = json.createObjectNode();
            n.put("source", m.source());
            n.put("layers", c.numLayers());
            n.put("hidden_size", c.hiddenSize());
            n.put("heads", c.numHeads());
            n.put("intermediate_size", c.intermediateSize());
            n.put("vocab_size", c.vocabSize());
            n.put("max_positions", c.maxPositions());
            n.put("parameters", c.parameterCount());
            n.put("mlm_head", m.hasMlmHead());
            var extra = n.putArray("other_tensors");
            m.extraTensors().keySet().forEach(extra::add);
            System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(n));
            return 0;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("ftprobe model info: " + e.getMessage());
            return 2;
        }
    }
}
