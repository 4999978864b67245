package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrToolsNativesTest {
    @TempDir
    Path root;

    @Test
    void theLibrariesAreUnpackedOnceCompletelyAndTakenFromThereAfterwards() throws Exception {
        Path dir = OrToolsNatives.unpacked(root);
        assertThat(dir.getParent()).isEqualTo(root);
        assertThat(dir.getFileName().toString()).startsWith("ortools-");
        assertThat(dir.resolve(".complete")).isRegularFile();
        assertThat(dir.resolve(System.mapLibraryName("jniortools"))).isRegularFile();
        FileTime unpackedAt = Files.getLastModifiedTime(dir.resolve(".complete"));

        // a second JVM's call: the same directory, not unpacked again, nothing left beside it
        assertThat(OrToolsNatives.unpacked(root)).isEqualTo(dir);
        assertThat(Files.getLastModifiedTime(dir.resolve(".complete"))).isEqualTo(unpackedAt);
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries.toList()).isEqualTo(List.of(dir));
        }
    }

    @Test
    void aDirectoryInThePlaceOfAnUnpackingThatIsNotCompleteIsRefusedAndTheStagingRemoved() throws Exception {
        Path first = OrToolsNatives.unpacked(root);
        Files.delete(first.resolve(".complete"));
        // load() then falls back to OR-tools' own Loader
        assertThatThrownBy(() -> OrToolsNatives.unpacked(root))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not a complete unpacking");
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries.toList()).isEqualTo(List.of(first));
        }
    }
}
