package dev.ftprobe.events;

import java.util.List;
import java.util.TreeSet;

/**
 * How the run's tasks are loaded, so that the extractor loads a probe task's examples exactly as the trainer loaded its
 * task. Part of {@link RunManifest}; its canonical text is {@link SettingsEncoding}.
 *
 * @param pudTrainFraction PUD tasks: the share of PUD's sentences in train (PUD has no official split), in (0, 1)
 * @param pudSeed PUD tasks: the seed of the sentences' split into train and test
 * @param psLexcats PS tasks: the STREUSLE lexcats whose single-word {@code p.} units are examples; kept sorted and
 *     distinct, so that equal settings are equal records
 */
public record TaskSettings(double pudTrainFraction, long pudSeed, List<String> psLexcats) {

    public TaskSettings {
        Fields.check(
                pudTrainFraction > 0 && pudTrainFraction < 1,
                "pudTrainFraction",
                "must be strictly between 0 and 1, was " + pudTrainFraction);
        psLexcats = Fields.list(psLexcats, "psLexcats");
        Fields.check(!psLexcats.isEmpty(), "psLexcats", "must name at least one lexcat");
        for (int i = 0; i < psLexcats.size(); i++) {
            Fields.text(psLexcats.get(i), "psLexcats[" + i + "]");
            Fields.check(!psLexcats.get(i).contains(","), "psLexcats[" + i + "]", "must not contain a comma");
        }
        psLexcats = List.copyOf(new TreeSet<>(psLexcats));
    }
}
