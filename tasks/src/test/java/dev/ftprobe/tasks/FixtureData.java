package dev.ftprobe.tasks;

import dev.ftprobe.tasks.data.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The data directory the pipeline tests run on, so that they run on a fresh clone: the fixture corpora that
 * {@link FixtureCorpora} wrote to {@code src/test/resources/fixture-corpora} (a treebank in PUD's place, TREC-style
 * questions and a small vocabulary), copied out of the class path, which is a jar (this module's test-jar) for the
 * other modules' tests.
 */
public final class FixtureData {
    static final String RESOURCES = "/fixture-corpora/";

    private FixtureData() {}

    /** Writes the fixture data directory to {@code dir} (typically a {@code @TempDir}) and returns {@code dir}. */
    public static Path materialise(Path dir) throws IOException {
        for (String rel : FixtureCorpora.files().keySet()) {
            Path target = dir.resolve(rel);
            Files.createDirectories(target.getParent());
            try (InputStream in = FixtureData.class.getResourceAsStream(RESOURCES + rel)) {
                if (in == null) {
                    throw new IllegalStateException("fixture " + RESOURCES + rel + " is not on the class path");
                }
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    public static DataSource source(Path dir) throws IOException {
        return DataSource.dataDir(materialise(dir));
    }
}
