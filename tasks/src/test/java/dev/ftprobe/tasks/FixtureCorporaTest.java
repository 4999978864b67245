package dev.ftprobe.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.tasks.conllu.ConlluReader;
import dev.ftprobe.tasks.conllu.ConlluSentence;
import dev.ftprobe.tasks.conllu.ConlluWord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture corpora the pipeline tests run on: committed as generated, and what those tests rely on. */
class FixtureCorporaTest {
    @TempDir
    static Path dir;

    @Test
    void theCommittedFilesAreTheGeneratorsOutput() throws IOException {
        FixtureData.materialise(dir);
        for (Map.Entry<String, String> f : FixtureCorpora.files().entrySet()) {
            // if this fails after a change to FixtureCorpora, rerun it (see its javadoc) and commit the output
            assertThat(Files.readString(dir.resolve(f.getKey()), StandardCharsets.US_ASCII))
                    .as(f.getKey())
                    .isEqualTo(f.getValue());
        }
    }

    @Test
    void theTreebankIsSeventyTwoShortTreesWithSixteenPartsOfSpeech() throws IOException {
        TaskDataset pos = TaskLoader.load(FixtureData.source(dir.resolve("pos")), TaskConfig.of(TaskName.POS));
        assertThat(pos.split("train").sentences() + pos.split("test").sentences())
                .isEqualTo(72);
        assertThat(pos.split("test").sentences()).isEqualTo(14); // 20 % of 72, rounded
        assertThat(pos.labels().labels()).hasSize(16).doesNotContain("X");
        assertThat(pos.split("test").labelCounts()).containsKeys("NOUN", "VERB", "DET", "PUNCT");
        TaskDataset dep = TaskLoader.load(FixtureData.source(dir.resolve("dep")), TaskConfig.of(TaskName.DEP));
        assertThat(dep.labels().labels())
                .contains("nsubj", "obj", "nmod:poss", "obl:tmod")
                .doesNotContain("root");
    }

    @Test
    void everySentenceIsOneTreeUnderItsRoot() throws IOException {
        List<ConlluSentence> sentences =
                ConlluReader.read(FixtureData.materialise(dir.resolve("trees")).resolve(FixtureCorpora.TREEBANK));
        assertThat(sentences).hasSize(72).allSatisfy(s -> {
            assertThat(s.words()).filteredOn(w -> w.head() == 0).hasSize(1);
            for (ConlluWord w : s.words()) {
                int at = w.id();
                for (int hops = 0; at != 0; hops++) {
                    assertThat(hops)
                            .as("%s: word %d does not reach the root", s.id(), w.id())
                            .isLessThan(s.words().size());
                    at = s.words().get(at - 1).head();
                }
            }
        });
    }

    @Test
    void theQuestionsAreFortyEightForTrainingAndSixteenForTest() throws IOException {
        TaskDataset trec = TaskLoader.load(FixtureData.source(dir.resolve("trec")), TaskConfig.of(TaskName.TREC));
        assertThat(trec.split("train").examples()).hasSize(48);
        assertThat(trec.split("test").examples()).hasSize(16);
        assertThat(trec.labels().labels()).hasSize(8).contains("HUM:ind", "NUM:count");
        assertThat(trec.labelsUnseenInTrain()).isEqualTo(Map.of("test", Map.of()));
    }
}
