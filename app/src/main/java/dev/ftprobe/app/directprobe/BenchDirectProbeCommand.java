package dev.ftprobe.app.directprobe;

import dev.ftprobe.geometry.DirectProbe;
import dev.ftprobe.geometry.DirectProbeClusters;
import dev.ftprobe.geometry.LabelledPoints;
import dev.ftprobe.geometry.SyntheticPoints;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ftprobe bench directprobe}: DirectProbe clustering on seeded synthetic cases (17 labels), reporting wall time
 * and peak heap. To be folded under {@code ftprobe bench} as {@code directprobe}.
 */
@Command(
        name = "directprobe",
        mixinStandardHelpOptions = true,
        description = "Benchmarks DirectProbe clustering on a seeded synthetic case; prints wall time and peak heap.")
public final class BenchDirectProbeCommand implements Callable<Integer> {
    @Option(
            names = "--case",
            required = true,
            split = ",",
            description = "sep-1700x64, sep-17000x768, ovl-3400x128, ovl-8500x128 (comma-separated for several)")
    List<String> cases;

    @Option(names = "--seed", defaultValue = "1", description = "data seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", description = "parallel LPs (default: the number of cores)")
    Integer threads;

    @Override
    public Integer call() {
        for (String name : cases) {
            LabelledPoints points = SyntheticPoints.benchmarkCase(name, seed);
            System.gc();
            resetPeaks();
            DirectProbe.Builder b = DirectProbe.builder();
            if (threads != null) {
                b.optParallelism(threads);
            }
            DirectProbe probe = b.build(); // loads the LP's native library once per JVM: not timed
            long t0 = System.nanoTime();
            DirectProbeClusters r = probe.run(points);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "%s: clusters=%d labels=17 linear=%s wall=%.2f s peak-heap=%d MiB cores=%d threads=%s phases=%s%n",
                    name,
                    r.clusterCount(),
                    r.linear(),
                    secs,
                    peakHeapMiB(),
                    Runtime.getRuntime().availableProcessors(),
                    threads == null ? "all" : threads,
                    r.timings());
            System.out.println("  " + r.log().get(r.log().size() - 2));
        }
        return 0;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks since the reset (an upper bound of the peak heap in use). */
    private static long peakHeapMiB() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum / (1024 * 1024);
    }
}
