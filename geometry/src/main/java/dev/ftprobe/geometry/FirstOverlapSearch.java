package dev.ftprobe.geometry;

/**
 * DirectProbe's search for the first merge of the phase "to the end" after which the state overlaps. Overlap is
 * monotone along the merges, so every correct search finds the same merge.
 */
interface FirstOverlapSearch {
    /**
     * The index of the first merge in {@code merges} after which the state overlaps; the end state (after all merges)
     * does.
     */
    int find(MergeSequence merges, SearchContext context);

    /** What a search may use: the run's points, tests, LPs and log. */
    record SearchContext(
            LabelledPoints points,
            OverlapTester tester,
            LpPool lps,
            SeparableLabels endSeparable,
            UnionOverlapCheck unionCheck,
            ProbeLog log) {}
}
