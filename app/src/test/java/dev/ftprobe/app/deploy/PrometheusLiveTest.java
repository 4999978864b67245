package dev.ftprobe.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.app.DebianPackage;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services' metrics, live, from one pipeline run for both tests (it is the slow part): the three services run as in
 * the compose stack ({@link ServiceMetrics}: random:tiny on the fixture treebank, each service on its own /metrics)
 * watched by Debian's Prometheus and Alertmanager where they are installed or installable ({@link LiveChecks}). The
 * metric names and labels the queries use are checked against the services' scrapes everywhere; the live checks are
 * skipped where the packages cannot be installed, and fail on CI.
 */
class PrometheusLiveTest {
    static final DebianPackage PROMETHEUS = DebianPackage.of("prometheus", "/usr/bin/prometheus", "/usr/bin/promtool");
    static final DebianPackage ALERTMANAGER =
            DebianPackage.of("prometheus-alertmanager", "/usr/bin/prometheus-alertmanager", "/usr/bin/amtool");

    @TempDir
    static Path tmp;

    /** What the services' scrapes showed once everything was analysed. */
    private static Map<String, Map<String, Set<String>>> registered;
    /** Whether the live checks ran, and how they failed: they run inside the pipeline run, while the services serve. */
    private static boolean liveRan;

    private static Throwable liveFailure;

    @BeforeAll
    @Timeout(600)
    static void runThePipelineWatched() throws Exception {
        Optional<Path> prometheus = PROMETHEUS.find();
        Optional<Path> alertmanager = ALERTMANAGER.find();
        LiveChecks live = prometheus.isPresent() && alertmanager.isPresent()
                ? new LiveChecks(prometheus.get(), alertmanager.get(), tmp.resolve("live"))
                : null;
        try {
            registered = ServiceMetrics.run(tmp.resolve("pipeline"), new ServiceMetrics.Observer() {
                @Override
                public void started(Map<String, URI> metrics) {
                    if (live != null) {
                        try {
                            live.start(metrics);
                        } catch (Throwable t) { // reported by the live test, not as the other test's failure
                            liveFailure = t;
                        }
                    }
                }

                @Override
                public void analysed() {
                    if (live != null && liveFailure == null) {
                        liveRan = true;
                        try {
                            live.check();
                        } catch (Throwable t) {
                            liveFailure = t;
                        }
                    }
                }
            });
        } finally {
            if (live != null) {
                live.close();
            }
        }
    }

    @Test
    void everyMetricInTheQueriesIsOneTheServicesRegister() throws Exception {
        DashboardsTest.checkMetricNames(registered);
    }

    @Test
    void theDashboardsAndTheAlarmsWorkOnLiveMetrics() throws Throwable {
        PROMETHEUS.require();
        ALERTMANAGER.require();
        if (liveFailure != null) {
            throw liveFailure;
        }
        assertThat(liveRan).as("the live checks ran").isTrue();
    }
}
