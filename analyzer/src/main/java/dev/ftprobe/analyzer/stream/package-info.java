/**
 * The analyzer's Kafka Streams application ({@link dev.ftprobe.analyzer.stream.AnalyzerTopology}) and its in-process
 * service ({@link dev.ftprobe.analyzer.stream.Analyzer}).
 *
 * <p>Embedding chunks are decoded from bytes (a corrupt record becomes a dead letter), stored per set and chunk index
 * until the set is complete, analysed once by the geometry core
 * ({@link dev.ftprobe.analyzer.stream.GeometrySetAnalysis}) and published as a
 * {@link dev.ftprobe.analyzer.results.SetGeometry} keyed by set. The geometries are re-keyed by (run, probe task,
 * layer) and each step's {@link dev.ftprobe.analyzer.results.StepDynamics} is published as soon as that step's train
 * and test sets and the baseline's (step 0) are analysed. A step that completes before the baseline waits for it in the
 * {@code series-sets} store.
 *
 * <p>Results carry no wall-clock time and no analysis id, and everything is computed in a fixed order, so a replay of
 * the same input with the same settings gives byte-identical records; only the order in which different keys are
 * written may differ. Dead letters do carry the time they were written: they are diagnostics, not results.
 */
package dev.ftprobe.analyzer.stream;
