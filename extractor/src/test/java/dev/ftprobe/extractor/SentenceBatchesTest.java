package dev.ftprobe.extractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SentenceBatchesTest {

    @Test
    void aWindowsSentencesAreBatchedInOrderOfLengthThenPosition() {
        int[] lengths = {9, 3, 7, 3, 12, 5};
        int[] examples = {1, 1, 1, 1, 1, 1};
        List<SentenceBatches.Window> plan = SentenceBatches.plan(lengths, examples, 4, 8, 100);
        assertThat(plan).hasSize(1);
        assertThat(plan.get(0).from()).isZero();
        assertThat(plan.get(0).to()).isEqualTo(6);
        assertThat(plan.get(0).batches()).containsExactly(new int[] {1, 3, 5, 2}, new int[] {0, 4});
    }

    @Test
    void windowsEndAtTheirBatchOrExampleLimitAndASentenceWithMoreExamplesIsAWindowOfItsOwn() {
        int[] lengths = {5, 4, 3, 2, 1, 6, 7};
        int[] examples = {2, 2, 2, 9, 1, 1, 1};
        // at most 2 batches of 2 sentences, 6 examples per window
        List<SentenceBatches.Window> plan = SentenceBatches.plan(lengths, examples, 2, 2, 6);
        assertThat(plan).extracting(SentenceBatches.Window::from).containsExactly(0, 3, 4);
        assertThat(plan).extracting(SentenceBatches.Window::to).containsExactly(3, 4, 7);
        assertThat(plan.get(0).batches()).containsExactly(new int[] {2, 1}, new int[] {0});
        assertThat(plan.get(1).batches()).containsExactly(new int[] {3});
        assertThat(plan.get(2).batches()).containsExactly(new int[] {4, 5}, new int[] {6});
    }

    @Test
    void everySentenceIsInExactlyOneBatchOfItsWindowAndThePlanIsTheSameEveryTime() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 2_000;
        int[] lengths = new int[n];
        int[] examples = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = 4 + random.nextInt(60);
            examples[i] = 1 + random.nextInt(30);
        }
        List<SentenceBatches.Window> plan = SentenceBatches.plan(lengths, examples, 32, 32, 4_096);
        assertThat(SentenceBatches.plan(lengths, examples, 32, 32, 4_096))
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(plan);
        int next = 0;
        for (SentenceBatches.Window w : plan) {
            assertThat(w.from()).isEqualTo(next);
            next = w.to();
            assertThat(Arrays.stream(examples, w.from(), w.to()).sum()).isLessThanOrEqualTo(4_096);
            assertThat(w.batches()).hasSizeLessThanOrEqualTo(32);
            List<Integer> seen = new ArrayList<>();
            int previousLength = 0;
            for (int[] batch : w.batches()) {
                assertThat(batch.length).isBetween(1, 32);
                for (int s : batch) {
                    assertThat(lengths[s]).isGreaterThanOrEqualTo(previousLength);
                    previousLength = lengths[s];
                    seen.add(s);
                }
            }
            assertThat(seen).containsExactlyInAnyOrderElementsOf(range(w.from(), w.to()));
        }
        assertThat(next).isEqualTo(n);
    }

    @Test
    void inconsistentInputsAreRefused() {
        assertThatThrownBy(() -> SentenceBatches.plan(new int[2], new int[3], 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 sentence lengths but 3 example counts");
        assertThatThrownBy(() -> SentenceBatches.plan(new int[1], new int[1], 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must all be >= 1");
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }
}
