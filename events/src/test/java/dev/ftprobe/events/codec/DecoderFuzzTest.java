package dev.ftprobe.events.codec;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;

/**
 * A fuzz test of a decoder: Jazzer calls {@link #decode} with inputs mutated from the seed corpus in {@code <test
 * class>Inputs/} beside the test class (real records), and {@link #check} holds each to the {@link DecoderContract}.
 * The build fuzzes each subclass for {@code maxDuration} in a JVM of its own (Jazzer fuzzes one test per JVM); a crash
 * is saved to {@code <test class>Inputs/decode/} and then runs as a regression test.
 */
public abstract class DecoderFuzzTest {
    /** Checks the decoder's contract on one input. */
    protected abstract void check(byte[] input);

    @FuzzTest(maxDuration = "5s")
    @DictionaryFile(resourcePath = "/dev/ftprobe/events/codec/json.dict")
    public void decode(byte[] input) {
        check(input);
    }

    @AfterAll
    static void printSummaries() {
        DecoderContract.printSummaries();
    }

    /**
     * The seed corpus of a fuzz test: the files directly in {@code <test class>Inputs/} (not the crash reproducers in
     * {@code decode/} below it).
     */
    public static Map<String, byte[]> seeds(Class<? extends DecoderFuzzTest> test) throws IOException {
        URL dir = test.getResource(test.getSimpleName() + "Inputs");
        if (dir == null) {
            throw new IllegalStateException("no seed corpus beside " + test.getName());
        }
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
