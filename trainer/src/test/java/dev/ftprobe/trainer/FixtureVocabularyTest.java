package dev.ftprobe.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.model.tokenizer.Vocabulary;
import dev.ftprobe.model.tokenizer.WordPieceTokenizer;
import dev.ftprobe.tasks.Example;
import dev.ftprobe.tasks.FixtureData;
import dev.ftprobe.tasks.TaskConfig;
import dev.ftprobe.tasks.TaskLoader;
import dev.ftprobe.tasks.TaskName;
import dev.ftprobe.tasks.data.DataSource;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture vocabulary that random models get from the fixture data directory, with the real tokenizer. */
class FixtureVocabularyTest {
    @Test
    void spellsEveryFixtureWordWithoutUnknownsAndSplitsPlurals(@TempDir Path dir) throws Exception {
        Path data = FixtureData.materialise(dir);
        WordPieceTokenizer tokenizer = new WordPieceTokenizer(Vocabulary.read(data.resolve(Trainer.DEFAULT_VOCAB)));
        assertThat(tokenizer.vocabulary().size()).isBetween(100, 400);
        Set<String> words = new TreeSet<>();
        for (TaskName task : new TaskName[] {TaskName.POS, TaskName.TREC}) {
            TaskLoader.load(DataSource.dataDir(data), TaskConfig.of(task))
                    .splits()
                    .values()
                    .forEach(s -> s.examples().stream().map(Example::words).forEach(words::addAll));
        }
        assertThat(words)
                .hasSizeGreaterThan(100)
                .allSatisfy(w ->
                        assertThat(tokenizer.tokenize(w)).as(w).isNotEmpty().doesNotContain(Vocabulary.UNK));
        assertThat(tokenizer.tokenize("Dogs sleep.")).containsExactly("dog", "##s", "sleep", ".");
    }
}
