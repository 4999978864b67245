package dev.ftprobe.extractor;

/** Package access to the chunk arithmetic for tests. */
final class SetWriterTestAccess {
    private SetWriterTestAccess() {}

    static int chunks(int examples, int chunkSize) {
        return SetWriter.chunkCount(examples, chunkSize);
    }
}
