package dev.ftprobe.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The summary {@code ftprobe data stats} prints: the task, its sorted labels, and per split the number of sentences,
 * examples and each label's count; also the labels of dev/test/heldout that train lacks, so that they are seen rather
 * than silently dropped.
 */
public final class DatasetStats {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DatasetStats() {}

    /** The summary as ordered maps, ready for JSON. */
    public static Map<String, Object> of(TaskDataset d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", d.task().id());
        out.put("target_kind", d.targetKind().name());
        out.put("labels", d.labels().labels());
        Map<String, Object> splits = new LinkedHashMap<>();
        for (Split s : d.splits().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sentences", s.sentences());
            m.put("examples", s.examples().size());
            m.put("label_counts", s.labelCounts());
            splits.put(s.name(), m);
        }
        out.put("splits", splits);
        out.put("labels_unseen_in_train", d.labelsUnseenInTrain());
        return out;
    }

    public static String toJson(TaskDataset d) {
        try {
            return JSON.writeValueAsString(of(d));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialize", e);
        }
    }
}
