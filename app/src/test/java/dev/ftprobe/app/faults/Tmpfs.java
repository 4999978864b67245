package dev.ftprobe.app.faults;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs that a test mounts on a directory of its own, so that a service runs out of space for real: the kernel
 * answers its writes with ENOSPC, as on a full disk. The space is taken by a filler file and given back by deleting it,
 * as a user frees a disk. Mounting needs root (CAP_SYS_ADMIN), which CI and the development containers have; where it
 * is refused the test is skipped, saying why.
 */
final class Tmpfs implements AutoCloseable {
    private static final String FILLER = ".ftprobe-test-filler";
    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code bytes} (rounded up to pages) on {@code dir}, which is created. */
    static Tmpfs mount(Path dir, long bytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Result r = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + bytes, "ftprobe-test", dir.toString()));
        Assumptions.assumeTrue(
                r.exit == 0,
                () -> "cannot mount a tmpfs on " + dir + " (needs root): " + r.output.strip()
                        + "; the full-disk tests are skipped");
        return new Tmpfs(dir);
    }

    Path dir() {
        return dir;
    }

    long usableBytes() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /** Takes space with a filler file until about {@code leave} bytes are left (no less, to a page). */
    void fillLeaving(long leave) throws IOException {
        long take = usableBytes() - leave;
        if (take <= 0) {
            return;
        }
        ByteBuffer block = ByteBuffer.allocate(1 << 20);
        try (FileChannel ch = FileChannel.open(
                dir.resolve(FILLER), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (take > 0) {
                block.clear().limit((int) Math.min(block.capacity(), take));
                take -= ch.write(block);
            }
        }
    }

    /** Deletes the filler: the space it took is free again. */
    void free() throws IOException {
        Files.deleteIfExists(dir.resolve(FILLER));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        // lazily: a process that still has a file open there must not keep the mount
        run(List.of("umount", "-l", dir.toString()));
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, String.join(" ", command) + " did not finish within 30 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
