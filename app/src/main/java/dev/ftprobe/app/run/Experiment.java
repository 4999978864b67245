package dev.ftprobe.app.run;

import dev.ftprobe.tasks.TaskName;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One fine-tuning run to make: the task fine-tuned on and the tasks probed at each checkpoint.
 *
 * @param task the fine-tuning task
 * @param probeTasks the probe tasks, at least one
 */
record Experiment(TaskName task, List<TaskName> probeTasks) {
    Experiment {
        probeTasks = List.copyOf(probeTasks);
        if (probeTasks.isEmpty()) {
            throw new IllegalArgumentException("an experiment needs a probe task");
        }
    }

    /** The probe tasks' ids, in order. */
    List<String> probeTaskIds() {
        return probeTasks.stream().map(TaskName::id).toList();
    }

    /** {@code pos -> pos, ps-fxn}: fine-tuned on, probed on. */
    String label() {
        return task.id() + " -> " + probeTasks.stream().map(TaskName::id).collect(Collectors.joining(", "));
    }
}
