package dev.ftprobe.trainer;

import dev.ftprobe.model.checkpoint.SafeTensors;
import dev.ftprobe.model.checkpoint.Tensor;
import dev.ftprobe.model.train.FineTuner;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a checkpoint needs besides its weights for an exact resume, kept beside the checkpoint store (so that the
 * checkpoint files the extractor reads stay plain HF models): {@code state/<run>/step-<k>.safetensors} holds Adam's
 * moments ({@code adam.m.*}, {@code adam.v.*}) and a {@code position} tensor {@code [step, epoch, batch in epoch]} (the
 * update count and the data order's position; the order itself is a function of the seed and the epoch). Written
 * durably before the checkpoint's event; once a later checkpoint is published the earlier states are deleted, since a
 * run resumes from its last checkpoint only.
 */
final class TrainingStates {
    static final String DIR = "state";
    static final String POSITION = "position";
    private static final Pattern FILE = Pattern.compile("step-(\\d+)\\.safetensors");

    private final Path dir;
    private final Path tmp;

    TrainingStates(Path storeRoot, String runId) {
        this.dir = storeRoot.resolve(DIR).resolve(runId);
        this.tmp = storeRoot.resolve(DIR);
    }

    Path file(long step) {
        return dir.resolve("step-" + step + ".safetensors");
    }

    /** Writes the state after {@code state.step()} updates durably. */
    void write(FineTuner.State state, TrainingPlan plan) {
        int step = state.step();
        if (step >= 1 << 24) {
            throw new IllegalStateException("step " + step + " is beyond what the position tensor holds exactly");
        }
        Map<String, Tensor> all = new LinkedHashMap<>(state.moments());
        all.put(POSITION, new Tensor(new long[] {3}, position(plan, step)));
        try {
            Files.createDirectories(dir);
            Path part = Files.createTempFile(tmp, "state-", ".part");
            try {
                try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                    OutputStream os = Channels.newOutputStream(ch);
                    SafeTensors.write(all, os);
                    os.flush();
                    ch.force(true);
                }
                try {
                    Files.move(part, file(step), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(part, file(step), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "writing the training state of step " + step + " to " + dir + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The state saved with the checkpoint after {@code step} updates, if there is one; fails when its position does not
     * match the plan's (the data would be visited in another order).
     */
    Optional<FineTuner.State> read(int step, TrainingPlan plan) {
        Path f = file(step);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        Map<String, Tensor> all;
        try {
            all = new HashMap<>(SafeTensors.read(f));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the training state " + f + " failed: " + e.getMessage(), e);
        }
        Tensor pos = all.remove(POSITION);
        float[] want = position(plan, step);
        if (pos == null || !Arrays.equals(pos.data(), want)) {
            throw new IllegalStateException(f + ": data position "
                    + (pos == null ? "missing" : Arrays.toString(pos.data())) + ", the plan is at "
                    + Arrays.toString(want));
        }
        return Optional.of(new FineTuner.State(step, all));
    }

    /** Deletes the states of steps before {@code step}. */
    void deleteBefore(long step) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(1)) < step) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cleaning training states in " + dir + " failed: " + e.getMessage(), e);
        }
    }

    private static float[] position(TrainingPlan plan, int step) {
        return new float[] {step, step / plan.stepsPerEpoch(), step % plan.stepsPerEpoch()};
    }
}
