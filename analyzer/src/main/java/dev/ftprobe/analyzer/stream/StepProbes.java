package dev.ftprobe.analyzer.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ftprobe.analyzer.results.StepProbe;
import dev.ftprobe.events.codec.JsonCodec;
import java.io.UncheckedIOException;

/**
 * A step's probe as {@value AnalyzerTopology#STEP_PROBES_STORE} holds it: {@value #PENDING} while it runs,
 * {@value #FAILED} when it could not take the sets, else the result's JSON.
 */
final class StepProbes {
    static final String PENDING = "pending";
    static final String FAILED = "failed";

    private StepProbes() {}

    static String encode(ProbeOutcome p) {
        if (p.isPending()) {
            return PENDING;
        }
        if (p.result() == null) {
            return FAILED;
        }
        try {
            return JsonCodec.mapper().writeValueAsString(p.result());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isPending(String stored) {
        return PENDING.equals(stored);
    }

    /** The stored result; null when the probe failed. */
    static StepProbe decode(String stored) {
        if (FAILED.equals(stored)) {
            return null;
        }
        try {
            return JsonCodec.mapper().readValue(stored, StepProbe.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
