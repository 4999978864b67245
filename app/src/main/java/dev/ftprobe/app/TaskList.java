package dev.ftprobe.app;

import dev.ftprobe.tasks.TaskName;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A list of tasks given on the command line, such as {@code pos,ps-fxn} ({@code --probe-tasks}, {@code --tasks}): at
 * least one, each known and given once, in the order given.
 *
 * @param tasks the tasks
 */
public record TaskList(List<TaskName> tasks) {
    public TaskList {
        tasks = List.copyOf(tasks);
    }

    /**
     * Parses a comma-separated list.
     *
     * @throws IllegalArgumentException naming the wrong entry
     */
    public static TaskList parse(String text) {
        List<TaskName> tasks = new ArrayList<>();
        for (String name : text.split(",", -1)) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("a task has no name in '" + text + "'");
            }
            TaskName t = TaskName.parse(name.strip());
            if (tasks.contains(t)) {
                throw new IllegalArgumentException(t + " is given twice in '" + text + "'");
            }
            tasks.add(t);
        }
        return new TaskList(tasks);
    }

    public boolean contains(TaskName task) {
        return tasks.contains(task);
    }

    @Override
    public String toString() {
        return tasks.stream().map(TaskName::id).collect(Collectors.joining(","));
    }
}
