package dev.ftprobe.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.tasks.conllu.ConlluReader;
import dev.ftprobe.tasks.conllu.ConlluSentence;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The counts of {@code ../shared/data/README.md}, read from the real files. */
class SharedDataCountsTest {
    private static TaskDataset pos;
    private static TaskDataset dep;

    @BeforeAll
    static void loadPud() throws IOException {
        if (SharedData.present()) {
            pos = TaskLoader.load(SharedData.source(), TaskConfig.of(TaskName.POS));
            dep = TaskLoader.load(SharedData.source(), TaskConfig.of(TaskName.DEP));
        }
    }

    /** Every test here counts the real corpora: each is reported as skipped where they are missing. */
    @BeforeEach
    void needsTheRealCorpora() {
        SharedData.dir();
    }

    private static int total(TaskDataset d) {
        return d.splits().values().stream().mapToInt(s -> s.examples().size()).sum();
    }

    private static int sentences(TaskDataset d) {
        return d.splits().values().stream().mapToInt(Split::sentences).sum();
    }

    @Test
    void posHas21176WordsAnd17Labels() {
        assertThat(total(pos)).isEqualTo(21_176);
        assertThat(sentences(pos)).isEqualTo(1_000);
        assertThat(pos.labels().size()).isEqualTo(17);
        assertThat(pos.splitNames()).containsExactly("train", "test");
        assertThat(pos.split("train").sentences()).isEqualTo(800);
        assertThat(pos.split("test").sentences()).isEqualTo(200);
        assertThat(pos.targetKind()).isEqualTo(TargetKind.WORD);
    }

    @Test
    void depHas20176PairsAnd46Labels() {
        assertThat(total(dep)).isEqualTo(20_176);
        assertThat(dep.labels().size()).isEqualTo(46);
        assertThat(dep.labels().labels()).doesNotContain("root").contains("nmod:poss", "obl:tmod");
        // with the default PUD split (80/20, seed 42) two test relations never occur in train
        assertThat(dep.labelsUnseenInTrain()).isEqualTo(Map.of("test", Map.of("dep", 1, "reparandum", 1)));
        assertThat(dep.split("test").examples()).allSatisfy(e -> {
            assertThat(e.targetKind()).isEqualTo(TargetKind.WORD_PAIR);
            assertThat(e.target().head()).isBetween(0, e.words().size() - 1);
        });
    }

    @Test
    void theCurrentPudWithMultiwordTokensAndEmptyNodesReadsToo() throws IOException {
        // 129 multiword-token lines and 7 empty nodes, none of which is a word
        List<ConlluSentence> latest =
                ConlluReader.read(SharedData.dir().resolve("ud-english-pud/latest/en_pud-ud-test.conllu"));
        assertThat(latest).hasSize(1_000);
        assertThat(latest.stream().mapToInt(s -> s.words().size()).sum()).isEqualTo(21_180);
    }

    @Test
    void pudSplitIsBySentenceAndTheSameForPosAndDep() {
        Set<String> posTrain = sentenceIds(pos.split("train").examples());
        Set<String> depTrain = sentenceIds(dep.split("train").examples());
        assertThat(depTrain).isSubsetOf(posTrain);
        assertThat(sentenceIds(pos.split("test").examples())).doesNotContainAnyElementsOf(posTrain);
    }

    private static Set<String> sentenceIds(List<Example> examples) {
        return examples.stream().map(Example::sentenceId).collect(Collectors.toSet());
    }

    @Test
    void psRoleAndFxnWithTheFourLexcats() throws IOException {
        TaskDataset role = TaskLoader.load(SharedData.source(), TaskConfig.of(TaskName.PS_ROLE));
        TaskDataset fxn = TaskLoader.load(SharedData.source(), TaskConfig.of(TaskName.PS_FXN));
        for (TaskDataset d : List.of(role, fxn)) {
            assertThat(d.splitNames()).containsExactly("train", "dev", "test");
            assertThat(d.split("train").examples()).hasSize(4_282);
            assertThat(d.split("dev").examples()).hasSize(433);
            assertThat(d.split("test").examples()).hasSize(457);
            assertThat(d.split("train").sentences()).isEqualTo(2_723);
        }
        assertThat(role.trainLabels()).hasSize(46);
        assertThat(fxn.trainLabels()).hasSize(40);
        assertThat(role.labelsUnseenInTrain()).isEqualTo(Map.of("dev", Map.of("p.InsteadOf", 1), "test", Map.of()));
        assertThat(role.labels().size()).isEqualTo(47);
    }

    @Test
    void psWithLexcatPOnly() throws IOException {
        TaskConfig.Builder b = TaskConfig.builder().optPsLexcats(Set.of("P"));
        TaskDataset role =
                TaskLoader.load(SharedData.source(), b.setTask(TaskName.PS_ROLE).build());
        TaskDataset fxn =
                TaskLoader.load(SharedData.source(), b.setTask(TaskName.PS_FXN).build());
        for (TaskDataset d : List.of(role, fxn)) {
            assertThat(d.split("train").examples()).hasSize(3_161);
            assertThat(d.split("dev").examples()).hasSize(320);
            assertThat(d.split("test").examples()).hasSize(343);
        }
        assertThat(role.trainLabels()).hasSize(46);
        assertThat(fxn.trainLabels()).hasSize(39);
    }

    @Test
    void trecHas5452And500QuestionsWith50And42Labels() throws IOException {
        TaskDataset trec = TaskLoader.load(SharedData.source(), TaskConfig.of(TaskName.TREC));
        assertThat(trec.split("train").examples()).hasSize(5_452);
        assertThat(trec.split("test").examples()).hasSize(500);
        assertThat(trec.split("train").labelCounts()).hasSize(50);
        assertThat(trec.split("test").labelCounts()).hasSize(42);
        assertThat(trec.labels().size()).isEqualTo(50);
        assertThat(trec.split("test").examples())
                .allSatisfy(e -> assertThat(e.targetKind()).isEqualTo(TargetKind.SENTENCE));
        // Every TREC-10 label occurs in train_5500.
        assertThat(trec.labelsUnseenInTrain()).isEqualTo(Map.of("test", Map.of()));
        Example first = trec.split("test").examples().get(0);
        assertThat(first.label()).isEqualTo("NUM:dist");
        assertThat(first.words()).containsExactly("How", "far", "is", "it", "from", "Denver", "to", "Aspen", "?");
    }
}
