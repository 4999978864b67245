package dev.ftprobe.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ftprobe.tasks.data.DataSource;
import dev.ftprobe.tasks.io.MalformedDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task definitions on the hand-made corpora of {@code fixture-data}, whose answers are counted by hand. */
class TaskLoaderFixtureTest {
    private static TaskDataset load(TaskConfig config) throws IOException {
        return TaskLoader.load(Fixtures.source(), config);
    }

    private static List<Example> all(TaskDataset d) {
        return d.splits().values().stream().flatMap(s -> s.examples().stream()).toList();
    }

    private static Example byId(TaskDataset d, String id) {
        return all(d).stream()
                .filter(e -> e.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no example " + id));
    }

    @Test
    void posTakesEverySyntacticWordButNotMultiwordTokensOrEmptyNodes() throws IOException {
        TaskDataset pos = load(TaskConfig.of(TaskName.POS));
        assertThat(all(pos)).hasSize(20);
        assertThat(pos.splits().values().stream().mapToInt(Split::sentences).sum())
                .isEqualTo(5);
        Example johns = byId(pos, "pos:s2:3");
        assertThat(johns.words()).containsExactly("It", "'s", "John", "'s");
        assertThat(johns.label()).isEqualTo("PART");
        assertThat(johns.target()).isEqualTo(Target.word(3));
        assertThat(byId(pos, "pos:s3:4").words()).containsExactly("Ann", "left", "and", "Bob", "too");
        assertThat(pos.labels().labels())
                .containsExactly(
                        "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "PART", "PRON", "PROPN", "PUNCT", "VERB");
        assertThat(all(pos))
                .allSatisfy(e -> assertThat(e.labelId()).isEqualTo(pos.labels().id(e.label())));
    }

    @Test
    void depPairsEveryWordWithItsHeadExceptTheRoot() throws IOException {
        TaskDataset dep = load(TaskConfig.of(TaskName.DEP));
        assertThat(all(dep)).hasSize(15);
        assertThat(dep.labels().labels()).doesNotContain("root").contains("obl:in");
        Example sun = byId(dep, "dep:s5:4>1");
        assertThat(sun.target()).isEqualTo(Target.pair(4, 1));
        assertThat(sun.label()).isEqualTo("obl:in");
        assertThat(sun.targetKind()).isEqualTo(TargetKind.WORD_PAIR);
        // s3's "Bob" hangs on "left" in the basic tree; the empty node 2.1 plays no part
        assertThat(byId(dep, "dep:s3:3>1").label()).isEqualTo("conj");
        assertThat(all(dep)).noneMatch(e -> e.sentenceId().equals("s4"));
    }

    @Test
    void psKeepsSingleWordPUnitsOfTheFourLexcatsAndReportsUnseenLabels() throws IOException {
        TaskDataset role = load(TaskConfig.of(TaskName.PS_ROLE));
        assertThat(role.split("train").examples())
                .extracting(Example::id)
                .containsExactly("ps-role:t1:2", "ps-role:t1:5", "ps-role:t1:6", "ps-role:t3:2");
        assertThat(role.split("train").sentences()).isEqualTo(5);
        assertThat(role.split("train").examples())
                .extracting(Example::label)
                .containsExactly("p.Goal", "p.Beneficiary", "p.SocialRel", "p.Purpose");
        assertThat(role.split("dev").examples()).hasSize(2);
        assertThat(role.split("test").examples()).hasSize(2);
        assertThat(role.labelsUnseenInTrain())
                .isEqualTo(Map.of(
                        "dev", Map.of("p.Time", 1, "p.Possessor", 1),
                        "test", Map.of("p.Possessor", 1)));
        assertThat(role.labels().labels())
                .containsExactly("p.Beneficiary", "p.Goal", "p.Possessor", "p.Purpose", "p.SocialRel", "p.Time");

        TaskDataset fxn = load(TaskConfig.of(TaskName.PS_FXN));
        assertThat(fxn.split("train").examples())
                .extracting(Example::label)
                .containsExactly("p.Goal", "p.Beneficiary", "p.Gestalt", "p.Purpose");
        assertThat(byId(fxn, "ps-fxn:t1:6").words().get(6)).isEqualTo("my");
    }

    @Test
    void psWithLexcatPOnly() throws IOException {
        TaskConfig.Builder b = TaskConfig.builder().setTask(TaskName.PS_ROLE).optPsLexcats(Set.of("P"));
        TaskDataset role = load(b.build());
        assertThat(role.split("train").examples())
                .extracting(Example::id)
                .containsExactly("ps-role:t1:2", "ps-role:t1:5");
        assertThat(role.split("dev").examples()).hasSize(1);
        assertThat(role.split("test").examples()).hasSize(1);
    }

    @Test
    void psRejectsAPUnitWithoutFunction(@TempDir Path dir) throws IOException {
        for (String split : List.of("dev", "test")) {
            Path rel = Path.of("streusle-4.2", split, "streusle.ud_" + split + ".json");
            Files.createDirectories(dir.resolve(rel).getParent());
            Files.copy(Fixtures.dataDir().resolve(rel), dir.resolve(rel));
        }
        Fixtures.write(
                dir,
                "streusle-4.2/train/streusle.ud_train.json",
                "[{\"sent_id\": \"x1\", \"toks\": [{\"#\": 1, \"word\": \"in\"}],",
                " \"swes\": {\"1\": {\"lexcat\": \"P\", \"ss\": \"p.Locus\", \"ss2\": null, \"toknums\": [1]}}}]");
        assertThatThrownBy(() -> TaskLoader.load(DataSource.dataDir(dir), TaskConfig.of(TaskName.PS_FXN)))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("streusle.ud_train.json")
                .hasMessageContaining("sentence x1, field swes.1.ss2")
                .hasMessageContaining("expected a function supersense");
    }

    @Test
    void trecTargetsTheSentenceAndReadsLatin1() throws IOException {
        TaskDataset trec = load(TaskConfig.of(TaskName.TREC));
        Example pele = byId(trec, "trec:train_5500:3");
        assertThat(pele.words()).contains("Pelé");
        assertThat(pele.label()).isEqualTo("HUM:ind");
        assertThat(pele.target()).isEqualTo(Target.sentence());
        assertThat(trec.split("test").examples()).hasSize(3);
        assertThat(trec.labelsUnseenInTrain()).isEqualTo(Map.of("test", Map.of("NUM:dist", 1, "HUM:desc", 1)));
        assertThat(trec.labels().labels()).isSorted().contains("NUM:dist", "HUM:desc");
    }

    @Test
    void labelIdsAreSortedIndicesOverTheWholeTaskAndIgnoreTheSplit() throws IOException {
        TaskDataset a = load(TaskConfig.of(TaskName.POS));
        TaskDataset b = load(TaskConfig.builder()
                .setTask(TaskName.POS)
                .optPudTrainFraction(0.4)
                .optPudSeed(3)
                .build());
        assertThat(b.labels().labels()).isEqualTo(a.labels().labels());
        assertThat(a.labels().labels()).isSorted();
        assertThat(byId(b, "pos:s1:0").labelId())
                .isEqualTo(byId(a, "pos:s1:0").labelId())
                .isEqualTo(a.labels().id("PRON"));
    }
}
