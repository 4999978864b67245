package dev.ftprobe.analyzer.geometry;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("opt-in")
class ScratchRunTest {
    @Test
    void run() {
        for (String name : System.getProperty("cases", "sep-1700x64").split(",")) {
            LabelledPoints p = SyntheticPoints.benchmarkCase(name, 1);
            long t = System.nanoTime();
            DirectProbeClusters r = DirectProbe.builder().build().run(p);
            System.out.println(name + " clusters=" + r.clusterCount() + " ms=" + (System.nanoTime() - t) / 1e6 + " " + r.timings());
            r.log().forEach(System.out::println);
        }
    }
}
