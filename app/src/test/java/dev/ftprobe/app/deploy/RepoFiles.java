package dev.ftprobe.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The deployment files, read from the repository root (the tests run with the module as working directory). */
final class RepoFiles {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    private RepoFiles() {}

    /** The nearest directory at or above the working directory holding both mvnw and docker-compose.yml. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw")) && Files.isRegularFile(d.resolve("docker-compose.yml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root (mvnw and docker-compose.yml) at or above " + dir);
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String text(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(String relative) {
        try {
            return YAML.readTree(text(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("not YAML: " + relative + ": " + e.getMessage(), e);
        }
    }
}
