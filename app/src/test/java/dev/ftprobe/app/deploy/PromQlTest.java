package dev.ftprobe.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The metric-name extraction that the dashboard check relies on: it must find every metric and nothing else. */
class PromQlTest {
    @Test
    void aPlainSelectorWithMatchersAndVariables() {
        assertThat(PromQl.metricNames("ftprobe_label_min_distance{run=~\"$run\", task=\"${task}\", layer=~\"$layer\"}"))
                .containsExactly("ftprobe_label_min_distance");
    }

    @Test
    void functionsAggregationsGroupingAndRanges() {
        assertThat(PromQl.metricNames("sum by (service, le) "
                        + "(rate(ftprobe_analyzer_set_seconds_bucket{job=\"analyzer\"}[$__rate_interval]))"))
                .containsExactly("ftprobe_analyzer_set_seconds_bucket");
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum(rate(a_b_bucket[5m])) without (instance))"))
                .containsExactly("a_b_bucket");
        assertThat(PromQl.metricNames("max(kafka_consumer_fetch_manager_records_lag_max) by (client_id)"))
                .containsExactly("kafka_consumer_fetch_manager_records_lag_max");
    }

    @Test
    void binaryOperatorsMatchingAndNumbers() {
        assertThat(PromQl.metricNames(
                        "rate(x_total[1m]) / ignoring(kind) group_left(run) y_total offset 5m > 1e3 and z"))
                .containsExactly("x_total", "y_total", "z");
        assertThat(PromQl.metricNames("1 - (a_sum / a_count) * 100 unless on(run) b"))
                .containsExactly("a_sum", "a_count", "b");
        assertThat(PromQl.metricNames("max_over_time(m[$__range:1m]) or vector(0)"))
                .containsExactly("m");
    }

    @Test
    void stringsAreNotMetrics() {
        assertThat(PromQl.metricNames("label_replace(up, \"dst\", \"$1\", \"src\", \"(not_a_metric)\")"))
                .containsExactly("up");
    }

    @Test
    void grafanaLabelValuesKeepsOnlyTheSelector() {
        assertThat(PromQl.metricNames("label_values(ftprobe_clusters{task=\"$task\"}, layer)"))
                .containsExactly("ftprobe_clusters");
        assertThat(PromQl.metricNames("label_values(run)")).isEmpty();
    }

    @Test
    void theLabelsOfEachSelectorsMatchers() {
        assertThat(PromQl.matcherLabels("sum(rate(a_total{run=~\"$run\", x!=\"}\"}[5m])) / b{service=\"s\"} + c"))
                .containsEntry("a_total", Set.of("run", "x"))
                .containsEntry("b", Set.of("service"))
                .doesNotContainKey("c");
    }
}
