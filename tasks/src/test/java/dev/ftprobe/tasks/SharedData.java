package dev.ftprobe.tasks;

import dev.ftprobe.tasks.data.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real corpora beside the project, as surefire passes them in {@code ftprobe.shared.data}. Only the tests of their
 * own counts read them; where they are missing (a fresh clone) those tests are skipped, not passed. The pipeline tests
 * run on {@link FixtureData} instead.
 */
public final class SharedData {
    public static final String PROPERTY = "ftprobe.shared.data";

    private SharedData() {}

    /**
     * The shared data directory; skips the calling test when it is missing. Call it from a test or a
     * {@code @BeforeEach}: an assumption that fails in {@code @BeforeAll} skips the class without reporting its tests
     * as skipped.
     */
    public static Path dir() {
        String prop = System.getProperty(PROPERTY);
        Assumptions.assumeTrue(prop != null, "system property " + PROPERTY + " is not set (surefire sets it)");
        Path dir = Path.of(prop).toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isDirectory(dir), "the real corpora are not here: " + dir + " is missing");
        return dir;
    }

    /** Whether the shared data directory is there, for a {@code @BeforeAll} that loads from it. */
    public static boolean present() {
        String prop = System.getProperty(PROPERTY);
        return prop != null && Files.isDirectory(Path.of(prop));
    }

    public static DataSource source() {
        return DataSource.dataDir(dir());
    }
}
