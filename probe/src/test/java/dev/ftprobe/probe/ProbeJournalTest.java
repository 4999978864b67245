package dev.ftprobe.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ftprobe.geometry.LabelledPoints;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeJournalTest {
    private static final ProbeGrid GRID = new ProbeGrid(
            "four",
            List.of(new MlpShape(16, 16), new MlpShape(32, 16), new MlpShape(16, 32), new MlpShape(8, 8)),
            List.of(1e-4, 1e-2, 1.0));
    private static final MlpOptions OPTIONS = MlpOptions.sklearn().withMaxIter(60);

    @TempDir
    Path dir;

    /** A stop: the probe fails when it would record its {@code stopAfter + 1}th part. */
    private record Stopping(ProbeProgress inner, int stopAfter, AtomicInteger recorded) implements ProbeProgress {
        Stopping(ProbeProgress inner, int stopAfter) {
            this(inner, stopAfter, new AtomicInteger());
        }

        @Override
        public Optional<List<ProbeResult.GridPoint>> shape(MlpShape shape) {
            return inner.shape(shape);
        }

        @Override
        public void shapeDone(MlpShape shape, List<ProbeResult.GridPoint> points) {
            count();
            inner.shapeDone(shape, points);
        }

        @Override
        public OptionalDouble finalRun(long seed) {
            return inner.finalRun(seed);
        }

        @Override
        public void finalRunDone(long seed, double testAccuracy) {
            count();
            inner.finalRunDone(seed, testAccuracy);
        }

        private void count() {
            if (recorded.incrementAndGet() > stopAfter) {
                throw new IllegalStateException("stopped");
            }
        }
    }

    @Test
    void aProbeStoppedMidwayGoesOnFromItsJournalToTheResultOfAnUninterruptedOne() throws Exception {
        LabelledPoints train = Synthetic.blobs(3, 40, 6, 21);
        LabelledPoints test = Synthetic.blobs(3, 20, 6, 22);
        ClassifierProbe probe = new ClassifierProbe(GRID, OPTIONS, 4, 0.25, 3, 1);
        ProbeResult uninterrupted = probe.run(train, test);
        String key = probe.progressKey(train, test);

        // stopped after 2 of the 4 shapes
        try (ProbeJournal journal = ProbeJournal.open(dir, key)) {
            assertThatThrownBy(() -> probe.run(train, test, new Stopping(journal, 2)))
                    .hasMessage("stopped");
        }
        assertThat(Files.readAllLines(dir.resolve(key + ".progress")))
                .hasSize(3)
                .first()
                .isEqualTo(ProbeJournal.HEADER);
        // stopped again, after the other 2 shapes and 1 of the 3 final runs
        try (ProbeJournal journal = ProbeJournal.open(dir, key)) {
            assertThatThrownBy(() -> probe.run(train, test, new Stopping(journal, 3)))
                    .hasMessage("stopped");
        }
        assertThat(Files.readAllLines(dir.resolve(key + ".progress")))
                .hasSize(6)
                .last()
                .asString()
                .startsWith("final 5 ");
        // the last call fits the 2 final runs left, and gives every digit of the uninterrupted probe
        ProbeResult resumed;
        try (ProbeJournal journal = ProbeJournal.open(dir, key)) {
            Stopping third = new Stopping(journal, 10);
            resumed = probe.run(train, test, third);
            assertThat(third.recorded()).hasValue(2);
            journal.delete();
        }
        assertThat(resumed.grid()).isEqualTo(uninterrupted.grid());
        assertThat(resumed.best()).isEqualTo(uninterrupted.best());
        assertThat(resumed.testAccuracies()).isEqualTo(uninterrupted.testAccuracies());
        assertThat(dir.resolve(key + ".progress")).doesNotExist();
    }

    @Test
    void aLineCutShortByACrashAndWhatFollowsAreDoneAgain() throws Exception {
        String key = "00112233445566778899aabbccddeeff";
        Path file = dir.resolve(key + ".progress");
        Files.writeString(
                file,
                ProbeJournal.HEADER + "\nshape 16 16 1.0E-4 0.75 1.0 0.5\nfinal 5 0.8125\nshape 32 16 1.0E-4 0.7",
                StandardCharsets.UTF_8);
        try (ProbeJournal journal = ProbeJournal.open(dir, key)) {
            assertThat(journal.shape(new MlpShape(16, 16)).orElseThrow())
                    .extracting(ProbeResult.GridPoint::devAccuracy)
                    .containsExactly(0.75, 0.5);
            assertThat(journal.shape(new MlpShape(32, 16))).isEmpty();
            assertThat(journal.finalRun(5)).hasValue(0.8125);
            assertThat(journal.finalRun(6)).isEmpty();
            journal.finalRunDone(6, 0.1 + 0.2); // not a short decimal: read back to the same double
        }
        assertThat(Files.readAllLines(file))
                .containsExactly(
                        ProbeJournal.HEADER,
                        "shape 16 16 1.0E-4 0.75 1.0 0.5",
                        "final 5 0.8125",
                        "final 6 0.30000000000000004");
        try (ProbeJournal journal = ProbeJournal.open(dir, key)) {
            assertThat(journal.finalRun(6)).hasValue(0.1 + 0.2);
        }

        // a line not understood drops itself and the rest
        Files.writeString(file, ProbeJournal.HEADER + "\nfinal 5 0.5\nshape 0 16 1.0 0.5\nfinal 6 0.25\n");
        try (ProbeJournal journal = ProbeJournal.open(dir, key)) {
            assertThat(journal.finalRun(5)).hasValue(0.5);
            assertThat(journal.finalRun(6)).isEmpty();
        }
        assertThat(Files.readAllLines(file)).containsExactly(ProbeJournal.HEADER, "final 5 0.5");
        assertThatThrownBy(() -> ProbeJournal.open(dir, "../escape"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hex digits");
    }

    @Test
    void theKeyNamesTheInputsAndSettingsNotTheThreads() {
        LabelledPoints train = Synthetic.blobs(3, 40, 6, 21);
        LabelledPoints test = Synthetic.blobs(3, 20, 6, 22);
        String key = new ClassifierProbe(GRID, OPTIONS, 4, 0.25, 3, 1).progressKey(train, test);
        assertThat(key).matches("[0-9a-f]{64}");
        assertThat(new ClassifierProbe(GRID, OPTIONS, 4, 0.25, 3, 2).progressKey(train, test))
                .isEqualTo(key);
        assertThat(new ClassifierProbe(GRID, OPTIONS, 5, 0.25, 3, 1).progressKey(train, test))
                .isNotEqualTo(key);
        assertThat(new ClassifierProbe(GRID, OPTIONS.withMaxIter(61), 4, 0.25, 3, 1).progressKey(train, test))
                .isNotEqualTo(key);
        assertThat(new ClassifierProbe(GRID, OPTIONS, 4, 0.25, 3, 1).progressKey(test, train))
                .isNotEqualTo(key);
        LabelledPoints moved = Synthetic.blobs(3, 40, 6, 23);
        assertThat(new ClassifierProbe(GRID, OPTIONS, 4, 0.25, 3, 1).progressKey(moved, test))
                .isNotEqualTo(key);
    }
}
