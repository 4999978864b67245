package dev.ftprobe.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.events.CodeVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ServiceRuntimeTest {
    @Test
    void closesResourcesInReverseOrderWithinTheTimeout() throws Exception {
        List<String> closed = new CopyOnWriteArrayList<>();
        Config config = Config.load(Map.of("shutdown.timeout", "1s"), Map.of(), ServiceRuntime.DEFAULTS);
        ServiceRuntime rt = ServiceRuntime.startWithoutHook("test", config);
        rt.register("first", () -> closed.add("first"));
        rt.register("stuck", () -> Thread.sleep(60_000));
        rt.register("last", () -> closed.add("last"));
        rt.setReadiness(() -> true);
        assertThat(rt.metrics().isReady()).isTrue();
        long start = System.nanoTime();
        Thread closer = new Thread(rt::close);
        closer.start();
        assertThat(rt.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(closed).containsExactly("last", "first");
        assertThat(rt.metrics().isReady()).isFalse();
        rt.close();
    }

    @Test
    void codeVersionFallsBackOutsideAJar() {
        assertThat(CodeVersion.current()).isEqualTo(CodeVersion.DEVELOPMENT);
    }
}
