package dev.ftprobe.tasks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ftprobe.tasks.data.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real corpora beside the project, as surefire passes them in {@code ftprobe.shared.data}. */
final class SharedData {
    private SharedData() {}

    static Path dir() {
        String prop = System.getProperty("ftprobe.shared.data");
        assertTrue(prop != null, "system property ftprobe.shared.data is not set (surefire sets it)");
        Path dir = Path.of(prop);
        assertTrue(Files.isDirectory(dir), "shared data directory missing: " + dir);
        return dir;
    }

    static DataSource source() {
        return DataSource.dataDir(dir());
    }
}
