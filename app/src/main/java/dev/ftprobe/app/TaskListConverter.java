package dev.ftprobe.app;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a task list option with {@link TaskList#parse}; picocli reports a wrong value as {@code Invalid value for
 * option '--probe-tasks': unknown task 'x'; expected one of ...}.
 */
public final class TaskListConverter implements ITypeConverter<TaskList> {
    @Override
    public TaskList convert(String value) {
        try {
            return TaskList.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
