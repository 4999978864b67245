package dev.ftprobe.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.events.CodeVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    void aShutdownStopsTheWorkAndWaitsForItToReturnBeforeClosingAnythingElse() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Config config = Config.load(Map.of("shutdown.timeout", "10s"), Map.of(), ServiceRuntime.DEFAULTS);
        ServiceRuntime rt = ServiceRuntime.startWithoutHook("test", config);
        rt.register("engine", () -> events.add("engine closed"));
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            try {
                String result = rt.run("work", () -> stop.set(true), () -> {
                    started.countDown();
                    while (!stop.get()) {
                        Thread.sleep(10);
                    }
                    Thread.sleep(300); // the step in progress ends after the stop was asked for
                    events.add("work returned");
                    return "stopped";
                });
                events.add("run gave " + result);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        worker.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        rt.close();
        assertThat(events).startsWith("work returned").contains("engine closed");
        assertThat(events.indexOf("work returned")).isLessThan(events.indexOf("engine closed"));
        worker.join(10_000);
        assertThat(events).contains("run gave stopped");
    }

    @Test
    void workThatDoesNotStopIsAbandonedAtTheShutdownTimeout() throws Exception {
        Config config = Config.load(Map.of("shutdown.timeout", "500ms"), Map.of(), ServiceRuntime.DEFAULTS);
        ServiceRuntime rt = ServiceRuntime.startWithoutHook("test", config);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            try {
                rt.run("stuck", () -> {}, () -> {
                    started.countDown();
                    return release.await(30, TimeUnit.SECONDS);
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        worker.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        rt.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        release.countDown();
        worker.join(10_000);
    }

    @Test
    void codeVersionFallsBackOutsideAJar() {
        assertThat(CodeVersion.current()).isEqualTo(CodeVersion.DEVELOPMENT);
    }
}
