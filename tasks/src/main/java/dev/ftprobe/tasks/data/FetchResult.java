package dev.ftprobe.tasks.data;

import java.nio.file.Path;

/**
 * What {@link DataFetcher} did for one file.
 *
 * @param file the file
 * @param path where it now lies
 * @param status whether it was downloaded or already there
 * @param sha256 the sha256 of the file as it lies now
 * @param verified whether that sum matched a pinned checksum (false where none is pinned; such a file was checked by
 *     reading it completely instead)
 */
public record FetchResult(DataFile file, Path path, Status status, String sha256, boolean verified) {
    public enum Status {
        DOWNLOADED,
        ALREADY_PRESENT
    }
}
