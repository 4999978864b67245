package dev.ftprobe.geometry;

import com.google.ortools.Loader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads OR-tools' native libraries from a directory that outlives the JVM.
 *
 * <p>OR-tools' own {@link Loader} unpacks its 65 MB of libraries into a new temporary directory at every start and
 * removes it only when the JVM exits normally, so every killed JVM leaves one behind (the fault tests kill several per
 * run; 5.7 GB of them once filled this machine's disk). Here they are unpacked once per OR-tools build, into
 * {@code ~/.ftprobe/native/<resource dir>-<size and time of the JNI library>}, completely or not at all (unpacked
 * beside it, then renamed), and loaded from there. When that cannot be done the {@link Loader} is used as before.
 */
final class OrToolsNatives {
    private static final Logger LOG = LoggerFactory.getLogger(OrToolsNatives.class);
    private static final String COMPLETE = ".complete";

    private OrToolsNatives() {}

    /** Loads the libraries (once per JVM: call from a static initializer). */
    static void load() {
        try {
            Path dir = unpacked(cacheRoot());
            System.load(dir.resolve(System.mapLibraryName("jniortools")).toString());
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            LOG.debug("OR-tools' libraries not loaded from the cache ({}); unpacking them to a temporary directory", e);
            Loader.loadNativeLibraries();
        }
    }

    /** {@code ~/.ftprobe/native}. */
    static Path cacheRoot() {
        return Path.of(System.getProperty("user.home"), ".ftprobe", "native");
    }

    /** The directory under {@code root} that holds this OR-tools build's libraries, unpacked if it was not yet. */
    static Path unpacked(Path root) throws IOException {
        String resource = resourcePath();
        URL url = Loader.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IOException("no OR-tools native resources " + resource + " on the class path");
        }
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if (uri.getScheme().equals("jar")) {
            try {
                FileSystems.newFileSystem(uri, Map.of());
            } catch (FileSystemAlreadyExistsException e) {
                // opened before: Paths can use it
            }
        }
        Path source = Path.of(uri);
        Path jni = source.resolve(System.mapLibraryName("jniortools"));
        String name = resource.replace("/", "") + "-" + Files.size(jni) + "-"
                + Files.getLastModifiedTime(jni).toMillis();
        Path target = root.resolve(name);
        if (Files.isRegularFile(target.resolve(COMPLETE))) {
            return target;
        }
        Files.createDirectories(root);
        Path staging = Files.createTempDirectory(root, "unpacking-");
        try {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(source)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            for (Path f : files) {
                Path to = staging.resolve(source.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.createFile(staging.resolve(COMPLETE));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                LOG.info("OR-tools' native libraries unpacked once into {}", target);
            } catch (FileSystemException e) {
                // fine when another JVM renamed its unpacking into place first (the target exists, "not empty")
                if (!Files.isRegularFile(target.resolve(COMPLETE))) {
                    throw new IOException(target + " is not a complete unpacking: " + e.getMessage(), e);
                }
            }
        } finally {
            deleteTree(staging);
        }
        return target;
    }

    /** OR-tools' own name of its platform's resource directory, e.g. {@code ortools-linux-x86-64/}. */
    private static String resourcePath() throws IOException {
        try {
            Field f = Loader.class.getDeclaredField("RESOURCE_PATH");
            f.setAccessible(true);
            return (String) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("OR-tools' Loader has no RESOURCE_PATH", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
