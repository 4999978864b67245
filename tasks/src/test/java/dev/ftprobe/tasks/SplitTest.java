package dev.ftprobe.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitTest {
    private static final List<String> IDS =
            IntStream.range(0, 100).mapToObj(i -> "s" + i).toList();

    @Test
    void sentenceSplitIsDeterministicSizedAndKeepsCorpusOrder() {
        SentenceSplitter.Parts a = SentenceSplitter.split(IDS, 0.8, 42);
        SentenceSplitter.Parts b = SentenceSplitter.split(IDS, 0.8, 42);
        assertThat(a).isEqualTo(b);
        assertThat(a.first()).hasSize(80);
        assertThat(a.second()).hasSize(20);
        assertThat(a.first()).doesNotContainAnyElementsOf(a.second());
        Set<String> union = new HashSet<>(a.first());
        union.addAll(a.second());
        assertThat(union).isEqualTo(new HashSet<>(IDS));
        assertThat(a.first()).isSortedAccordingTo((x, y) -> Integer.compare(IDS.indexOf(x), IDS.indexOf(y)));
        // a shuffle, not a prefix
        assertThat(a.first()).isNotEqualTo(IDS.subList(0, 80));
    }

    @Test
    void theSeedChangesTheSplit() {
        assertThat(SentenceSplitter.split(IDS, 0.8, 42).second())
                .isNotEqualTo(SentenceSplitter.split(IDS, 0.8, 43).second());
    }

    @Test
    void pinnedSplitOfTheDefaultSeed() {
        // java.util.Random's algorithm is specified, so this pins the split across JVMs and releases
        assertThat(SentenceSplitter.split(List.of("a", "b", "c", "d", "e"), 0.8, 42)
                        .second())
                .containsExactly("a");
    }

    @Test
    void rejectsBadFractions() {
        assertThatThrownBy(() -> SentenceSplitter.split(IDS, 1.0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SentenceSplitter.split(IDS, 0.0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TaskConfig.builder().optPudTrainFraction(1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SentenceSplitter.split(List.of("a", "a"), 0.5, 1))
                .hasMessageContaining("unique");
    }

    @Test
    void pudRatioAndSeedAreConfigurable() throws IOException {
        TaskDataset d = TaskLoader.load(
                Fixtures.source(),
                TaskConfig.builder()
                        .setTask(TaskName.POS)
                        .optPudTrainFraction(0.6)
                        .optPudSeed(7)
                        .build());
        assertThat(d.split("train").sentences()).isEqualTo(3);
        assertThat(d.split("test").sentences()).isEqualTo(2);
        TaskDataset again = TaskLoader.load(
                Fixtures.source(),
                TaskConfig.builder()
                        .setTask(TaskName.POS)
                        .optPudTrainFraction(0.6)
                        .optPudSeed(7)
                        .build());
        assertThat(ids(again.split("test").examples()))
                .isEqualTo(ids(d.split("test").examples()));
    }

    @Test
    void heldOutIsASeededCarveOfTrainBySentence() throws IOException {
        TaskConfig.Builder b = TaskConfig.builder().setTask(TaskName.TREC);
        TaskDataset plain = TaskLoader.load(SharedData.source(), b.build());
        TaskDataset carved =
                TaskLoader.load(SharedData.source(), b.optHeldOut(0.1, 1).build());
        TaskDataset same =
                TaskLoader.load(SharedData.source(), b.optHeldOut(0.1, 1).build());
        TaskDataset other =
                TaskLoader.load(SharedData.source(), b.optHeldOut(0.1, 2).build());

        assertThat(carved.splitNames()).containsExactly("train", "heldout", "test");
        assertThat(carved.split("heldout").sentences()).isEqualTo(545);
        assertThat(carved.split("train").sentences()).isEqualTo(5_452 - 545);
        Set<String> union = new HashSet<>(ids(carved.split("train").examples()));
        assertThat(union)
                .doesNotContainAnyElementsOf(ids(carved.split("heldout").examples()));
        union.addAll(ids(carved.split("heldout").examples()));
        assertThat(union).isEqualTo(new HashSet<>(ids(plain.split("train").examples())));
        assertThat(ids(carved.split("test").examples()))
                .isEqualTo(ids(plain.split("test").examples()));

        assertThat(ids(same.split("heldout").examples()))
                .isEqualTo(ids(carved.split("heldout").examples()));
        assertThat(ids(other.split("heldout").examples()))
                .isNotEqualTo(ids(carved.split("heldout").examples()));
        assertThat(carved.labels().labels()).isEqualTo(plain.labels().labels());
    }

    @Test
    void heldOutKeepsAllExamplesOfASentenceTogether() throws IOException {
        TaskDataset d = TaskLoader.load(
                Fixtures.source(),
                TaskConfig.builder()
                        .setTask(TaskName.PS_ROLE)
                        .optHeldOut(0.4, 5)
                        .build());
        assertThat(d.splitNames()).containsExactly("train", "heldout", "dev", "test");
        assertThat(d.split("heldout").sentences()).isEqualTo(2);
        assertThat(d.split("train").sentences()).isEqualTo(3);
        Set<String> trainSentences =
                d.split("train").examples().stream().map(Example::sentenceId).collect(Collectors.toSet());
        assertThat(d.split("heldout").examples()).noneMatch(e -> trainSentences.contains(e.sentenceId()));
        assertThat(d.split("train").examples().size()
                        + d.split("heldout").examples().size())
                .isEqualTo(4);
    }

    private static List<String> ids(List<Example> examples) {
        return examples.stream().map(Example::id).toList();
    }
}
