package dev.ftprobe.app.probe;

import dev.ftprobe.probe.MlpShape;
import dev.ftprobe.probe.ProbeResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON object of issue 17 for one probe result, as maps in field order. */
final class ProbeJson {
    private ProbeJson() {}

    static Map<String, Object> of(ProbeResult r, double directProbeAccuracy) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("best", setting(r.best()));
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("mean", r.meanTestAccuracy());
        test.put("std", r.stdTestAccuracy());
        test.put("runs", r.testAccuracies());
        json.put("test_accuracy", test);
        json.put(
                "grid",
                r.grid().stream()
                        .map(p -> {
                            Map<String, Object> point = setting(p.setting());
                            point.put("dev_accuracy", p.devAccuracy());
                            return point;
                        })
                        .toList());
        json.put("seconds", r.seconds());
        json.put("directprobe_accuracy", directProbeAccuracy);
        return json;
    }

    private static Map<String, Object> setting(ProbeResult.Setting s) {
        MlpShape shape = s.shape();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hidden", List.of(shape.hidden1(), shape.hidden2()));
        out.put("alpha", s.alpha());
        return out;
    }
}
