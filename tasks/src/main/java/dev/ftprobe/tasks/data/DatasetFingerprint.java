package dev.ftprobe.tasks.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.MessageDigestAlgorithms;

/**
 * The fingerprint of the data a run reads: sha256 (hex) over, for each file in the task's order, its relative path, a
 * NUL, its sha256 (hex) and a newline. Names and contents both count, so a renamed or edited corpus gives another
 * fingerprint, and the extractor refuses to probe a run's own task on data other than those it was trained on.
 */
public final class DatasetFingerprint {
    private DatasetFingerprint() {}

    /** The fingerprint of {@code files}, read from {@code paths} (same order and length). */
    public static String of(List<DataFile> files, List<Path> paths) throws IOException {
        if (files.size() != paths.size()) {
            throw new IllegalArgumentException(files.size() + " files but " + paths.size() + " paths");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < files.size(); i++) {
            sb.append(files.get(i).relativePath())
                    .append('\0')
                    .append(new DigestUtils(MessageDigestAlgorithms.SHA_256).digestAsHex(paths.get(i)))
                    .append('\n');
        }
        return DigestUtils.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
