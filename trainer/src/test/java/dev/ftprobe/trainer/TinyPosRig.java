package dev.ftprobe.trainer;

import dev.ftprobe.broker.EmbeddedKafkaBroker;
import dev.ftprobe.tasks.FixtureData;
import dev.ftprobe.tasks.TaskConfig;
import dev.ftprobe.tasks.TaskDataset;
import dev.ftprobe.tasks.TaskLoader;
import dev.ftprobe.tasks.TaskName;
import dev.ftprobe.tasks.data.DataSource;
import java.nio.file.Path;

/**
 * What the trainer's and the extractor's broker tests share: an embedded broker, the fixture corpora (72 sentences in
 * PUD's place, TREC-style questions, a small vocabulary) as a data directory, a checkpoint store, and random:tiny
 * trainers on POS over them.
 */
public record TinyPosRig(EmbeddedKafkaBroker broker, Path data, Path store, TaskDataset pos) implements AutoCloseable {
    public static TinyPosRig start(Path dir) throws Exception {
        Path data = FixtureData.materialise(dir.resolve("data"));
        TaskDataset pos = TaskLoader.load(DataSource.dataDir(data), TaskConfig.of(TaskName.POS));
        return new TinyPosRig(EmbeddedKafkaBroker.builder().build().start(), data, dir.resolve("checkpoints"), pos);
    }

    public String bootstrap() {
        return broker.bootstrapServers();
    }

    /** A random:tiny trainer on POS: batches of 8 sentences of at most 64 subwords. */
    public Trainer.Builder trainer(String runId) {
        return Trainer.builder()
                .setBootstrap(bootstrap())
                .setModel("random:tiny")
                .setTask(TaskName.POS)
                .setCheckpointDir(store)
                .optDataDir(data)
                .optRunId(runId)
                .optBatchSize(8)
                .optMaxSeqLen(64);
    }

    @Override
    public void close() {
        broker.close();
    }
}
