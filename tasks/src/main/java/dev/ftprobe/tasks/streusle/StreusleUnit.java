package dev.ftprobe.tasks.streusle;

import java.util.List;

/**
 * A lexical unit of a STREUSLE sentence: a single-word expression ({@code swes}) or a strong multiword expression
 * ({@code smwes}).
 *
 * @param key the unit's key in its map (unique within the map)
 * @param lexcat the lexical category, e.g. {@code P}, {@code PRON.POSS}, {@code N}
 * @param ss the scene role supersense, or null
 * @param ss2 the function supersense, or null
 * @param toknums the 1-based token numbers the unit covers
 * @param multiword whether it came from {@code smwes}
 */
public record StreusleUnit(String key, String lexcat, String ss, String ss2, List<Integer> toknums, boolean multiword) {
    public StreusleUnit {
        toknums = List.copyOf(toknums);
    }
}
