package dev.ftprobe.app.export;

import dev.ftprobe.analyzer.stream.AssembledSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The label names of an export, by label id: the task's, or decimal ids where the chunks carry no names. */
final class ExportedLabels {
    private ExportedLabels() {}

    static List<String> of(Collection<AssembledSet> sets) {
        for (AssembledSet s : sets) {
            if (!s.labelNames().isEmpty()) {
                return s.labelNames();
            }
        }
        int max = -1;
        for (AssembledSet s : sets) {
            for (int l : s.labelIds()) {
                max = Math.max(max, l);
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i <= max; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }
}
