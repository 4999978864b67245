package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.SeriesId;
import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.analyzer.results.SetId;
import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.analyzer.results.StepDynamics.SplitDynamics;
import dev.ftprobe.geometry.Dynamics;
import dev.ftprobe.geometry.Similarity;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the geometries of a (run, probe task, layer) series into one {@link StepDynamics} per step, as soon as the
 * step's train and test sets and the baseline's are all analysed: steps that complete before the baseline wait for it.
 * The embeddings are keyed by series, so one task sees a whole series.
 *
 * <p>Stores: {@value AnalyzerTopology#SERIES_SETS_STORE} holds the geometries still needed (the baseline's, for as long
 * as the series lives, and those of steps still waiting for their other split or the baseline);
 * {@value AnalyzerTopology#DYNAMICS_STORE} holds every emitted step (for the HTTP queries, and so that a step is
 * emitted once); {@value AnalyzerTopology#STEP_PROBES_STORE} the probes of steps not yet emitted.
 *
 * <p>A step the probes take ({@link ProbeScheduler}) waits for its probe, which runs off the stream thread after the
 * step's geometry is forwarded: its dynamics come once, with the probe (or without, when the probe failed), so that a
 * replay gives the same records and a reader of a step's dynamics finds its probe in them. Other steps never wait.
 */
final class DynamicsProcessor implements Processor<String, AssemblerOutput, String, StepDynamics> {
    private static final Logger LOG = LoggerFactory.getLogger(DynamicsProcessor.class);
    private final AnalyzerSettings settings;
    private ProcessorContext<String, StepDynamics> context;
    private KeyValueStore<String, SetGeometry> sets;
    private KeyValueStore<String, StepDynamics> dynamics;
    private KeyValueStore<String, String> probes;

    DynamicsProcessor(AnalyzerSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, StepDynamics> context) {
        this.context = context;
        this.sets = context.getStateStore(AnalyzerTopology.SERIES_SETS_STORE);
        this.dynamics = context.getStateStore(AnalyzerTopology.DYNAMICS_STORE);
        this.probes = context.getStateStore(AnalyzerTopology.STEP_PROBES_STORE);
    }

    @Override
    public void process(Record<String, AssemblerOutput> record) {
        if (record.value().isProbe()) {
            probed(record, record.value().probe());
        } else {
            geometry(record, record.value().geometry());
        }
    }

    /** A step's probe is pending (its dynamics wait), or done: then the step is emitted if it can be. */
    private void probed(Record<String, AssemblerOutput> record, ProbeOutcome p) {
        if (dynamics.get(p.stepKey()) != null) {
            return; // emitted already (a step whose probe started again after a restart)
        }
        probes.put(p.stepKey(), StepProbes.encode(p));
        if (!p.isPending()) {
            emit(record, p.series(), new TreeSet<>(List.of(p.step())));
        }
    }

    private void geometry(Record<String, AssemblerOutput> record, SetGeometry g) {
        String train = settings.trainSplit();
        String test = settings.testSplit();
        if (!g.split().equals(train) && !g.split().equals(test)) {
            return; // other splits (dev) get their geometry only
        }
        SeriesId series = SetId.of(g).series();
        String stepKey = series.stepKey(g.step());
        if (dynamics.get(stepKey) != null) {
            return;
        }
        sets.put(stepKey + '/' + g.split(), g);
        long baselineStep = settings.baselineStep();
        Map<String, SetGeometry> baseline = splits(series, baselineStep);
        if (baseline.size() < 2) {
            return;
        }
        TreeSet<Long> candidates = new TreeSet<>();
        if (g.step() == baselineStep) {
            candidates.addAll(pendingSteps(series));
        } else {
            candidates.add(g.step());
        }
        emit(record, series, candidates);
    }

    /** The dynamics of those candidate steps that have both splits, the baseline's, and no pending probe. */
    private void emit(Record<String, AssemblerOutput> record, SeriesId series, TreeSet<Long> candidates) {
        String train = settings.trainSplit();
        String test = settings.testSplit();
        long baselineStep = settings.baselineStep();
        Map<String, SetGeometry> baseline = splits(series, baselineStep);
        if (baseline.size() < 2) {
            return;
        }
        for (long step : candidates) {
            Map<String, SetGeometry> now = splits(series, step);
            String stepKey = series.stepKey(step);
            if (now.size() < 2 || dynamics.get(stepKey) != null) {
                continue;
            }
            String probe = probes.get(stepKey);
            if (StepProbes.isPending(probe)) {
                continue;
            }
            StepDynamics d;
            try {
                d = compute(series, step, baselineStep, train, test, now, baseline);
                if (probe != null) {
                    d = d.withProbe(StepProbes.decode(probe));
                }
            } catch (RuntimeException e) {
                // e.g. a layer whose dimension changed between steps: skip the step, keep the application up
                LOG.error("dynamics of {} step {} failed; skipped", series, step, e);
                settings.metrics().dynamicsFailed();
                continue;
            }
            dynamics.put(stepKey, d);
            probes.delete(stepKey);
            if (step != baselineStep) {
                sets.delete(series.stepKey(step) + '/' + train);
                sets.delete(series.stepKey(step) + '/' + test);
            }
            settings.metrics().dynamics(d);
            // stamped when computed (the input's timestamp is the last chunk's, from the extractor), so that the
            // record's Kafka timestamp says when the step's dynamics were committed: ftprobe run's summary reads
            // its lag after the checkpoint from it, while the record's bytes stay those of any replay
            context.forward(record.withKey(series.key()).withValue(d).withTimestamp(context.currentSystemTimeMs()));
        }
    }

    /**
     * One step's dynamics from the geometries of that step's train and test sets and of the baseline step's: the
     * geometry core's {@link Dynamics} of each split, and the train-test similarity.
     *
     * @param now the geometry of each split at {@code step} (train and test)
     * @param baseline the geometry of each split at the baseline step
     */
    static StepDynamics compute(
            SeriesId series,
            long step,
            long baselineStep,
            String train,
            String test,
            Map<String, SetGeometry> now,
            Map<String, SetGeometry> baseline) {
        Map<String, SplitDynamics> splits = new TreeMap<>();
        for (String split : List.of(train, test)) {
            SetGeometry g = now.get(split);
            SetGeometry base = baseline.get(split);
            if (!sampling(g).equals(sampling(base))) {
                // an analyzer restarted under the same analysis id with another --sample-per-label: its steps
                // would be compared with a baseline of other examples
                throw new IllegalArgumentException(g.describe() + " was analysed on " + sampling(g)
                        + " but the baseline on " + sampling(base) + "; analyse with other settings under a new"
                        + " analysis id");
            }
            splits.put(
                    split,
                    new SplitDynamics(
                            Dynamics.between(g.geometry(), g.describe(), base.geometry(), base.describe()),
                            g.sample()));
        }
        SetGeometry tr = now.get(train);
        SetGeometry te = now.get(test);
        Similarity.Result tt = Similarity.between(tr.geometry(), tr.describe(), te.geometry(), te.describe());
        return new StepDynamics(
                series.runId(),
                series.probeTask(),
                series.layer(),
                step,
                baselineStep,
                splits,
                tt.value(),
                tt.undefined());
    }

    private static String sampling(SetGeometry g) {
        return g.sample() == null
                ? "every point"
                : "a sample of at most " + g.sample().maxPerLabel() + " points per label (seed "
                        + g.sample().seed() + ")";
    }

    /** The train and test geometries stored for a step (0, 1 or 2 entries). */
    private Map<String, SetGeometry> splits(SeriesId series, long step) {
        Map<String, SetGeometry> out = new TreeMap<>();
        for (String split : new String[] {settings.trainSplit(), settings.testSplit()}) {
            SetGeometry g = sets.get(series.stepKey(step) + '/' + split);
            if (g != null) {
                out.put(split, g);
            }
        }
        return out;
    }

    /** The steps of the series with a stored geometry, ascending. */
    private TreeSet<Long> pendingSteps(SeriesId series) {
        TreeSet<Long> steps = new TreeSet<>();
        try (KeyValueIterator<String, SetGeometry> it = sets.prefixScan(series.key() + '/', new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, SetGeometry> kv = it.next();
                steps.add(kv.value.step());
            }
        }
        return steps;
    }
}
