package dev.ftprobe.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ftprobe.tasks.TaskConfig;
import dev.ftprobe.tasks.TaskLoader;
import dev.ftprobe.tasks.TaskName;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourceTest {
    @TempDir
    Path dir;

    @Test
    void aDataDirWithoutTheFilesSaysWhichAndHow() {
        assertThatThrownBy(() -> TaskLoader.load(DataSource.dataDir(dir), TaskConfig.of(TaskName.PS_ROLE)))
                .isInstanceOf(DataMissingException.class)
                .hasMessageContaining(
                        dir.resolve("streusle-4.2/train/streusle.ud_train.json").toString())
                .hasMessageContaining(
                        dir.resolve("streusle-4.2/test/streusle.ud_test.json").toString())
                .hasMessageContaining("--data-dir");
    }

    @Test
    void anEmptyCacheSuggestsFetching() {
        assertThatThrownBy(() -> TaskLoader.load(DataSource.cache(dir), TaskConfig.of(TaskName.TREC)))
                .isInstanceOf(DataMissingException.class)
                .hasMessageContaining(dir.resolve("trec/train_5500.label").toString())
                .hasMessageContaining("ftprobe data fetch");
    }

    @Test
    void theCacheDirCanBeOverridden() {
        String old = System.getProperty(DataSource.CACHE_PROPERTY);
        try {
            System.setProperty(DataSource.CACHE_PROPERTY, dir.toString());
            assertThat(DataSource.of(null).dir()).isEqualTo(dir.toAbsolutePath());
            assertThat(DataSource.of(null).isCache()).isTrue();
            assertThat(DataSource.of(Path.of("x")).isCache()).isFalse();
        } finally {
            if (old == null) {
                System.clearProperty(DataSource.CACHE_PROPERTY);
            } else {
                System.setProperty(DataSource.CACHE_PROPERTY, old);
            }
        }
    }
}
