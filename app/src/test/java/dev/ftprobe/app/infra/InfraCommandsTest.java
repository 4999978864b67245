package dev.ftprobe.app.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ftprobe.app.CommandRun;
import dev.ftprobe.broker.EmbeddedKafkaBroker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class InfraCommandsTest {
    private final ObjectMapper json = new ObjectMapper();

    private List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                nodes.add(json.readTree(line));
            }
        }
        return nodes;
    }

    @Test
    void helpListsTheInfraCommands() {
        CommandRun r = CommandRun.of("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("broker", "topics", "bench");
    }

    @Test
    void benchCodecPrintsOneJsonObject() throws Exception {
        CommandRun r = CommandRun.of("bench", "codec", "--seconds", "0.4", "--vectors", "16", "--dim", "32");
        assertThat(r.exit()).isZero();
        List<JsonNode> out = lines(r.out());
        assertThat(out).hasSize(1);
        assertThat(out.get(0).get("mb_per_s").asDouble()).isPositive();
        assertThat(out.get(0).get("records_per_s").asDouble()).isPositive();
    }

    @Test
    @Timeout(120)
    void topicsAndBenchKafkaAgainstABroker() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            String b = broker.bootstrapServers();
            List<JsonNode> created =
                    lines(CommandRun.of("topics", "create", "--bootstrap", b).out());
            assertThat(created)
                    .hasSize(4)
                    .allSatisfy(n -> assertThat(n.get("created").asBoolean()).isTrue());
            List<JsonNode> again = lines(CommandRun.of("topics", "create", "--bootstrap", b, "--analysis-id", "t1")
                    .out());
            assertThat(again).hasSize(6);
            assertThat(again.subList(0, 4))
                    .allSatisfy(n -> assertThat(n.get("created").asBoolean()).isFalse());
            assertThat(again.subList(4, 6))
                    .allSatisfy(n -> assertThat(n.get("created").asBoolean()).isTrue());

            List<JsonNode> described =
                    lines(CommandRun.of("topics", "describe", "--bootstrap", b).out());
            assertThat(described).hasSize(4).allSatisfy(n -> {
                assertThat(n.get("exists").asBoolean()).isTrue();
                assertThat(n.get("mismatches")).isEmpty();
            });
            assertThat(described.get(2).get("configs").get("retention.ms").asText())
                    .isEqualTo("-1");

            CommandRun bench = CommandRun.of(
                    "bench", "kafka", "--bootstrap", b, "--seconds", "1", "--vectors", "16", "--compression", "lz4");
            assertThat(bench.exit()).isZero();
            JsonNode result = lines(bench.out()).get(0);
            assertThat(result.get("records").asLong()).isPositive();
            assertThat(result.get("mb_per_s").asDouble()).isPositive();
            assertThat(result.get("compression").asText()).isEqualTo("lz4");
        }
    }
}
