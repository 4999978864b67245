package dev.ftprobe.events.codec;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What every decoder promises for any input, checked by the fuzz tests on each input the fuzzer makes: it decodes, or
 * it throws {@link CodecException} naming a field (any other exception or error escapes to the fuzzer as a finding); it
 * allocates no more than a small multiple of the input's size (so no length read from the input sizes an allocation
 * before it is checked against the bytes present); it takes well under a second; and what it decodes encodes again, to
 * bytes that decode to the same value and encode to the same bytes.
 *
 * <p>Allocation and time are measured again when a first measurement is over the limit, because a first decode along a
 * new path loads (and has Jazzer instrument) classes and builds Jackson's deserializers; only a second measurement over
 * the limit is a finding. Each contract counts its outcomes; {@link #printSummaries()} prints them (RELIABILITY.md
 * quotes them).
 *
 * @param <T> the decoded type
 */
public final class DecoderContract<T> {
    /**
     * Allocation allowed per input byte, above {@link #ALLOCATION_BASE}: the binary decoder copies its input about
     * once. An allocation sized by an unchecked length is larger by orders of magnitude: a 4-byte count claims
     * gigabytes.
     */
    static final long ALLOCATION_PER_BYTE = 256;
    /**
     * For a decoder with a reference (JSON: parsing the input to a tree), the allocation allowed as a multiple of what
     * the reference allocates. Decoding JSON parses it to a tree once or twice and then builds records: 1 to 3 times a
     * tree (measured without Jazzer; a tree of small values takes 20 to 50 bytes per input byte). Under Jazzer the
     * hooks on comparisons and map lookups multiply both alike, so the ratio holds where a per-byte limit does not.
     */
    static final long ALLOCATION_PER_REFERENCE = 8;
    /** Allocation allowed whatever the input: a JSON parser's buffers, a tree, the exception and its message. */
    static final long ALLOCATION_BASE = 16L << 20;
    /** The longest a decode may take (the hooks of a fuzzing run included): a hang shows as a finding. */
    static final long SLOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final List<DecoderContract<?>> ALL = new CopyOnWriteArrayList<>();

    private final String name;
    private final Function<byte[], T> decode;
    private final Function<T, byte[]> encode;
    private final BiPredicate<T, T> same;
    private final Consumer<byte[]> reference;
    private final AtomicLong inputs = new AtomicLong();
    private final AtomicLong decoded = new AtomicLong();
    private final Map<String, Long> rejectedByField = new TreeMap<>();

    /**
     * @param name the decoder, for the summary
     * @param decode the decoder under test
     * @param encode its encoder, for the round trip of what decodes
     * @param same whether two decoded values are the same event (for records: {@code Objects::equals})
     */
    public DecoderContract(
            String name, Function<byte[], T> decode, Function<T, byte[]> encode, BiPredicate<T, T> same) {
        this(name, decode, encode, same, null);
    }

    /**
     * @param reference what decoding is allowed {@link #ALLOCATION_PER_REFERENCE} times the allocation of, beyond
     *     {@link #ALLOCATION_BASE} (for JSON: parsing the input to a tree)
     */
    public DecoderContract(
            String name,
            Function<byte[], T> decode,
            Function<T, byte[]> encode,
            BiPredicate<T, T> same,
            Consumer<byte[]> reference) {
        this.name = name;
        this.decode = decode;
        this.encode = encode;
        this.same = same;
        this.reference = reference;
        ALL.add(this);
    }

    /** Checks the contract on one input; throws {@link AssertionError} (or what the decoder threw) if it is broken. */
    public void check(byte[] input) {
        inputs.incrementAndGet();
        Outcome<T> outcome = measure(input);
        if (outcome.overLimit(allowed(input.length))) {
            outcome = measure(input);
            long allowed = allowed(input.length);
            if (outcome.overLimit(allowed) && reference != null) {
                allowed = Math.max(allowed, ALLOCATION_BASE + ALLOCATION_PER_REFERENCE * referenceAllocation(input));
            }
            if (outcome.overLimit(allowed)) {
                throw new AssertionError(outcome.describeLimits(input.length, allowed));
            }
        }
        if (outcome.error != null) {
            CodecException e = outcome.error;
            if (e.field() == null || e.field().isBlank() || !e.getMessage().startsWith(e.field() + ": ")) {
                throw new AssertionError("a codec error names no field: " + e.getMessage(), e);
            }
            // an unknown field is named as found, which would make the summary a list of the fuzzer's typos
            String key = e.getMessage().startsWith(e.field() + ": unknown field for ")
                    ? "(unknown fields)"
                    : topLevel(e.field());
            synchronized (rejectedByField) {
                rejectedByField.merge(key, 1L, Long::sum);
            }
            return;
        }
        T value = outcome.value;
        if (value == null) {
            throw new AssertionError("decoded to null");
        }
        decoded.incrementAndGet();
        byte[] encoded = encode.apply(value);
        T again = decode.apply(encoded);
        if (!same.test(value, again)) {
            throw new AssertionError("re-encoding changed the event:\n  decoded " + value + "\n  then    " + again);
        }
        if (!Arrays.equals(encoded, encode.apply(again))) {
            throw new AssertionError("encoding is not stable across a round trip");
        }
    }

    private Outcome<T> measure(byte[] input) {
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        T value = null;
        CodecException error = null;
        try {
            value = decode.apply(input);
        } catch (CodecException e) {
            error = e;
        }
        long nanos = System.nanoTime() - start;
        return new Outcome<>(value, error, nanos, THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore);
    }

    private static long allowed(int inputBytes) {
        return ALLOCATION_BASE + ALLOCATION_PER_BYTE * inputBytes;
    }

    /** What the reference allocates on this input (the smaller of two measurements, as for the decoder). */
    private long referenceAllocation(byte[] input) {
        long least = Long.MAX_VALUE;
        for (int k = 0; k < 2; k++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            try {
                reference.accept(input);
            } catch (RuntimeException e) {
                // a reference that fails has still allocated what it did
            }
            least = Math.min(least, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }

    private record Outcome<T>(T value, CodecException error, long nanos, long allocated) {
        boolean overLimit(long allowedBytes) {
            return nanos > SLOW_NANOS || allocated > allowedBytes;
        }

        String describeLimits(int inputBytes, long allowedBytes) {
            return "decoding " + inputBytes + " bytes took " + nanos / 1_000_000 + " ms (limit "
                    + SLOW_NANOS / 1_000_000 + ") and allocated " + allocated + " bytes (limit " + allowedBytes
                    + "): a length or value read from the input sized an allocation or a loop before it was checked";
        }
    }

    /** {@code labels[3].name} counts as {@code labels}, so that the summary stays short. */
    private static String topLevel(String field) {
        int end = field.length();
        for (char c : new char[] {'.', '['}) {
            int i = field.indexOf(c);
            if (i > 0) {
                end = Math.min(end, i);
            }
        }
        return field.substring(0, end);
    }

    /** One line: inputs tried, decoded, rejected, and the rejections by (top-level) field. */
    public String summary() {
        synchronized (rejectedByField) {
            long rejected =
                    rejectedByField.values().stream().mapToLong(Long::longValue).sum();
            return String.format(
                    "FUZZ SUMMARY %s: %d inputs, %d decoded, %d rejected with a CodecException, by field %s",
                    name, inputs.get(), decoded.get(), rejected, rejectedByField);
        }
    }

    /** Prints the summary of every contract checked in this JVM. */
    public static void printSummaries() {
        for (DecoderContract<?> c : ALL) {
            System.out.println(c.summary());
        }
    }
}
