package dev.ftprobe.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetStatsTest {
    @Test
    void summarisesEverySplit() throws IOException {
        TaskDataset d = TaskLoader.load(Fixtures.source(), TaskConfig.of(TaskName.PS_ROLE));
        JsonNode json = new ObjectMapper().readTree(DatasetStats.toJson(d));
        assertThat(json.get("task").asText()).isEqualTo("ps-role");
        assertThat(json.get("labels").size()).isEqualTo(6);
        assertThat(json.get("splits").fieldNames()).toIterable().containsExactly("train", "dev", "test");
        JsonNode train = json.get("splits").get("train");
        assertThat(train.get("sentences").asInt()).isEqualTo(5);
        assertThat(train.get("examples").asInt()).isEqualTo(4);
        assertThat(train.get("label_counts").get("p.Goal").asInt()).isEqualTo(1);
        assertThat(json.get("labels_unseen_in_train").get("dev").get("p.Time").asInt())
                .isEqualTo(1);
    }

    @Test
    void examplesBySentenceGroupsInCorpusOrder() throws IOException {
        TaskDataset d = TaskLoader.load(Fixtures.source(), TaskConfig.of(TaskName.PS_ROLE));
        Map<String, List<Example>> by = d.split("train").examplesBySentence();
        assertThat(by.keySet()).containsExactly("t1", "t3");
        assertThat(by.get("t1")).extracting(e -> e.target().word()).containsExactly(2, 5, 6);
    }
}
