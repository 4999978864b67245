/**
 * The analyzer's output records and their JSON codecs (strict, versioned with {@code schemaVersion}, like infra's
 * events): {@link dev.ftprobe.analyzer.results.SetGeometry} on {@code ftprobe.analysis.<id>.geometry},
 * {@link dev.ftprobe.analyzer.results.StepDynamics} on {@code ftprobe.analysis.<id>.dynamics}.
 */
package dev.ftprobe.analyzer.results;
