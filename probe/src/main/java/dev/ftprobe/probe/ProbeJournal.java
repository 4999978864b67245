package dev.ftprobe.probe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A probe's {@link ProbeProgress} in a file of its own, {@code <dir>/<key>.progress}, one line forced to disk per
 * finished part, so that a probe stopped with its process (a stop, a crash) goes on where it was when it is run again
 * on the same inputs: the key ({@link ClassifierProbe#progressKey}) is a digest of everything its result depends on.
 *
 * <p>The file is text: a header, then {@code shape <h1> <h2> (<alpha> <held-out accuracy>)...} and {@code final <seed>
 * <test accuracy>} lines, the doubles as {@link Double#toString} writes them, which reads back to the same double. A
 * line cut short by a crash, and whatever follows it, is dropped and done again. Progress only saves time: a journal
 * that cannot be written is logged once and the probe goes on without it.
 */
public final class ProbeJournal implements ProbeProgress, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeJournal.class);
    static final String HEADER = "ftprobe-probe-progress 1";

    private final Path file;
    private final Map<MlpShape, List<ProbeResult.GridPoint>> shapes;
    private final Map<Long, Double> finals;
    private FileChannel channel;

    private ProbeJournal(
            Path file,
            Map<MlpShape, List<ProbeResult.GridPoint>> shapes,
            Map<Long, Double> finals,
            FileChannel channel) {
        this.file = file;
        this.shapes = shapes;
        this.finals = finals;
        this.channel = channel;
    }

    /**
     * Opens the journal of the probe with {@code key} in {@code dir}, reading what an earlier probe with that key
     * finished.
     *
     * @throws IOException when the directory or the file cannot be created, read or written
     */
    public static ProbeJournal open(Path dir, String key) throws IOException {
        if (!key.matches("[0-9a-f]{16,128}")) {
            throw new IllegalArgumentException("a probe progress key is 16 to 128 hex digits, not '" + key + "'");
        }
        Files.createDirectories(dir);
        Path file = dir.resolve(key + ".progress");
        Map<MlpShape, List<ProbeResult.GridPoint>> shapes = new HashMap<>();
        Map<Long, Double> finals = new HashMap<>();
        long kept = 0;
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int from = 0;
            boolean header = true;
            while (from < text.length()) {
                int end = text.indexOf('\n', from);
                if (end < 0) {
                    break; // cut short
                }
                String line = text.substring(from, end);
                if (header ? !line.equals(HEADER) : !read(line, shapes, finals)) {
                    LOG.warn("probe progress {}: line '{}' not understood; the probe does that part again", file, line);
                    break;
                }
                header = false;
                from = end + 1;
                kept += line.getBytes(StandardCharsets.UTF_8).length + 1;
            }
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            channel.truncate(kept);
            channel.position(kept);
            ProbeJournal j = new ProbeJournal(file, shapes, finals, channel);
            if (kept == 0) {
                j.append(HEADER);
            }
            return j;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static boolean read(String line, Map<MlpShape, List<ProbeResult.GridPoint>> shapes, Map<Long, Double> f) {
        String[] w = line.split(" ");
        try {
            if (w[0].equals("shape") && w.length >= 5 && w.length % 2 == 1) {
                MlpShape shape = new MlpShape(Integer.parseInt(w[1]), Integer.parseInt(w[2]));
                List<ProbeResult.GridPoint> points = new ArrayList<>();
                for (int i = 3; i < w.length; i += 2) {
                    points.add(new ProbeResult.GridPoint(
                            new ProbeResult.Setting(shape, Double.parseDouble(w[i])), Double.parseDouble(w[i + 1])));
                }
                shapes.put(shape, List.copyOf(points));
                return true;
            }
            if (w[0].equals("final") && w.length == 3) {
                f.put(Long.parseLong(w[1]), Double.parseDouble(w[2]));
                return true;
            }
        } catch (IllegalArgumentException e) { // NumberFormatException, or a shape MlpShape refuses
            return false;
        }
        return false;
    }

    /** The file the journal is kept in. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized Optional<List<ProbeResult.GridPoint>> shape(MlpShape shape) {
        return Optional.ofNullable(shapes.get(shape));
    }

    @Override
    public synchronized void shapeDone(MlpShape shape, List<ProbeResult.GridPoint> points) {
        StringBuilder line = new StringBuilder("shape " + shape.hidden1() + " " + shape.hidden2());
        for (ProbeResult.GridPoint p : points) {
            line.append(' ').append(p.setting().alpha()).append(' ').append(p.devAccuracy());
        }
        shapes.put(shape, List.copyOf(points));
        append(line.toString());
    }

    @Override
    public synchronized OptionalDouble finalRun(long seed) {
        Double a = finals.get(seed);
        return a == null ? OptionalDouble.empty() : OptionalDouble.of(a);
    }

    @Override
    public synchronized void finalRunDone(long seed, double testAccuracy) {
        finals.put(seed, testAccuracy);
        append(String.format(Locale.ROOT, "final %d %s", seed, Double.toString(testAccuracy)));
    }

    private void append(String line) {
        if (channel == null) {
            return;
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            LOG.warn("probe progress {} cannot be written ({}); a stop now loses this probe's progress", file, e);
            closeQuietly();
        }
    }

    /** Closes and removes the file: the probe's result is out, its progress no longer needed. */
    public synchronized void delete() throws IOException {
        closeQuietly();
        Files.deleteIfExists(file);
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing probe progress {}: {}", file, e.toString());
            }
            channel = null;
        }
    }
}
