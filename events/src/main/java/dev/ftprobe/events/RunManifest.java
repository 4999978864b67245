package dev.ftprobe.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The first event of a fine-tuning run: everything needed to reproduce it and to interpret its checkpoints and
 * embeddings. Published by the trainer on the runs topic, keyed by run id. Encoded as JSON with a schema version
 * ({@link #SCHEMA_VERSION}); schema 1 carried the settings as a map of text ({@code hyperparameters}, the
 * {@link SettingsEncoding canonical text}), which decoders still read into the typed settings.
 *
 * @param runId the run's identifier ({@link Fields#ID})
 * @param modelSpec the model as given to the trainer, e.g. {@code random:tiny} or {@code hf:google/...}
 * @param fineTuningTask the task the model is fine-tuned on
 * @param probeTasks the tasks whose examples are embedded and analysed
 * @param trainingSettings how the model is fine-tuned
 * @param taskSettings how the run's tasks are loaded
 * @param seed the random seed
 * @param datasetFingerprint sha256 (hex) over the dataset files read
 * @param layers the layers extracted (0 = embedding output, 1..L = encoder layers)
 * @param splitSizes number of examples per split name
 * @param codeVersion version of the code that produced the run
 * @param createdAt when the manifest was created
 */
public record RunManifest(
        String runId,
        String modelSpec,
        String fineTuningTask,
        List<String> probeTasks,
        TrainingSettings trainingSettings,
        TaskSettings taskSettings,
        long seed,
        String datasetFingerprint,
        List<Integer> layers,
        Map<String, Integer> splitSizes,
        String codeVersion,
        Instant createdAt) {

    /**
     * Version of the JSON schema written by this build; decoders read it, version 2 (training settings without the
     * recipe fields of issue 16, read as the legacy recipe) and version 1, nothing else.
     */
    public static final int SCHEMA_VERSION = 3;

    public RunManifest {
        Fields.id(runId, "runId");
        Fields.text(modelSpec, "modelSpec");
        Fields.id(fineTuningTask, "fineTuningTask");
        probeTasks = Fields.list(probeTasks, "probeTasks");
        for (int i = 0; i < probeTasks.size(); i++) {
            Fields.id(probeTasks.get(i), "probeTasks[" + i + "]");
        }
        Fields.required(trainingSettings, "trainingSettings");
        Fields.required(taskSettings, "taskSettings");
        Fields.sha256(datasetFingerprint, "datasetFingerprint");
        layers = Fields.list(layers, "layers");
        for (int i = 0; i < layers.size(); i++) {
            Fields.nonNegative(layers.get(i), "layers[" + i + "]");
        }
        splitSizes = Fields.sortedMap(splitSizes, "splitSizes");
        for (Map.Entry<String, Integer> e : splitSizes.entrySet()) {
            Fields.id(e.getKey(), "splitSizes key");
            Fields.nonNegative(e.getValue(), "splitSizes[" + e.getKey() + "]");
        }
        Fields.text(codeVersion, "codeVersion");
        Fields.required(createdAt, "createdAt");
    }

    /** The run's settings as their canonical text ({@link SettingsEncoding}), by key in its order. */
    public Map<String, String> settingsText() {
        return SettingsEncoding.encode(trainingSettings, taskSettings);
    }
}
