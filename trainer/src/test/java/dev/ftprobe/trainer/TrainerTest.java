package dev.ftprobe.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.TaskSettings;
import dev.ftprobe.events.TrainingSettings;
import dev.ftprobe.events.topics.RunLog;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.model.checkpoint.Checkpoint;
import dev.ftprobe.model.checkpoint.CheckpointStore;
import dev.ftprobe.model.train.TaskHead;
import dev.ftprobe.tasks.FixtureCorpora;
import dev.ftprobe.tasks.TaskConfig;
import dev.ftprobe.tasks.TaskDataset;
import dev.ftprobe.tasks.TaskLoader;
import dev.ftprobe.tasks.TaskName;
import dev.ftprobe.tasks.data.DatasetFingerprint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer against an embedded broker, with random:tiny on the fixture treebank. */
class TrainerTest {
    static TinyPosRig rig;
    static String bootstrap;

    @TempDir
    static Path tmp;

    static Path data;
    static Path store;
    static TaskDataset pos;

    @BeforeAll
    static void start() throws Exception {
        rig = TinyPosRig.start(tmp);
        data = rig.data();
        store = rig.store();
        pos = rig.pos();
        bootstrap = rig.bootstrap();
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    static Trainer.Builder tiny(String runId) {
        return rig.trainer(runId).optMaxSteps(4).optCheckpointEvery(2);
    }

    /** Every checkpoint event of a run as published, duplicates included. */
    static List<CheckpointEvent> allEvents(String runId) {
        List<CheckpointEvent> out = new ArrayList<>();
        RunLog.readToEnd(bootstrap, Topics.CHECKPOINTS, RunLog.DEFAULT_TIMEOUT, r -> {
            if (runId.equals(r.key())) {
                out.add(r.value());
            }
        });
        return out;
    }

    @Test
    void publishesTheManifestThenDurableCheckpoints() throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Trainer.Result result =
                tiny("t-first").optMeterRegistry(metrics).build().run();
        assertThat(result.complete()).isTrue();
        assertThat(result.totalSteps()).isEqualTo(4);

        RunManifest m = RunLog.manifest(bootstrap, "t-first").orElseThrow();
        assertThat(m.modelSpec()).isEqualTo("random:tiny");
        assertThat(m.fineTuningTask()).isEqualTo("pos");
        assertThat(m.probeTasks()).containsExactly("pos");
        assertThat(m.layers()).containsExactly(0, 1, 2);
        assertThat(m.seed()).isEqualTo(Trainer.DEFAULT_SEED);
        assertThat(m.splitSizes())
                .containsEntry("train", pos.split("train").examples().size())
                .containsEntry("test", pos.split("test").examples().size());
        TrainingSettings t = m.trainingSettings();
        assertThat(t.learningRate()).isEqualTo(3e-4);
        assertThat(t.batchSize()).isEqualTo(8);
        assertThat(t.totalSteps()).isEqualTo(4);
        assertThat(t.maxSteps()).isEqualTo(4);
        assertThat(t.checkpointEvery()).isEqualTo(2);
        assertThat(t.maxSeqLen()).isEqualTo(64);
        assertThat(t.vocabulary()).isEqualTo(CheckpointStore.sha256(data.resolve(Trainer.DEFAULT_VOCAB)));
        // HF's recipe by default, recorded
        assertThat(t.maxGradNorm()).isEqualTo(1.0);
        assertThat(t.hiddenDropout()).isEqualTo(0.1);
        assertThat(t.attentionDropout()).isEqualTo(0.1);
        assertThat(t.wordPooling()).isEqualTo("mean");
        assertThat(t.optimizer()).isEqualTo("adamw(0.9,0.999,1e-8,wd=0)");
        assertThat(m.settingsText()).containsEntry("max_grad_norm", "1.0").containsEntry("hidden_dropout", "0.1");
        assertThat(m.taskSettings())
                .isEqualTo(new TaskSettings(
                        TaskConfig.DEFAULT_PUD_TRAIN_FRACTION,
                        TaskConfig.DEFAULT_PUD_SEED,
                        List.copyOf(TaskConfig.DEFAULT_PS_LEXCATS)));
        assertThat(m.settingsText()).containsEntry("learning_rate", "3.0E-4").containsEntry("max_steps", "4");
        // the fingerprint is of the corpus the run read
        assertThat(m.datasetFingerprint())
                .isEqualTo(DatasetFingerprint.of(
                        TaskLoader.files(TaskName.POS), List.of(data.resolve(FixtureCorpora.TREEBANK))));

        List<CheckpointEvent> events = allEvents("t-first");
        assertThat(events).extracting(CheckpointEvent::step).containsExactly(0L, 2L, 4L);
        assertThat(events).isEqualTo(result.published());
        assertThat(events.get(0).trainingLoss()).isNull();
        assertThat(events.get(0).epoch()).isZero();
        assertThat(events.get(2).trainingLoss()).isNotNull().isPositive();
        // every checkpoint evaluates the head on the test split (the fixture treebank has no dev split)
        for (CheckpointEvent e : events) {
            assertThat(e.evaluation()).containsOnlyKeys("test");
            assertThat(e.evaluation().get("test").examples())
                    .isEqualTo(pos.split("test").examples().size());
            assertThat(e.evaluation().get("test").loss()).isPositive();
        }
        // an untrained head is near chance; 4 updates move its loss
        assertThat(events.get(2).evaluation().get("test").loss())
                .isNotEqualTo(events.get(0).evaluation().get("test").loss());
        assertThat(metrics.get("ftprobe.eval.accuracy")
                        .tag("run", "t-first")
                        .tag("split", "test")
                        .gauge()
                        .value())
                .isEqualTo(events.get(2).evaluation().get("test").accuracy());
        assertThat(metrics.get("ftprobe.eval.loss").tag("split", "test").gauge().value())
                .isEqualTo(events.get(2).evaluation().get("test").loss());
        for (CheckpointEvent e : events) {
            Path file = Path.of(URI.create(e.checkpointUri()));
            assertThat(file).startsWith(store.toAbsolutePath());
            assertThat(Files.size(file)).isEqualTo(e.sizeBytes());
            assertThat(CheckpointStore.sha256(file)).isEqualTo(e.sha256());
        }
        Checkpoint first = CheckpointStore.read(
                URI.create(events.get(0).checkpointUri()),
                events.get(0).sha256(),
                events.get(0).sizeBytes());
        Checkpoint last = CheckpointStore.read(
                URI.create(events.get(2).checkpointUri()),
                events.get(2).sha256(),
                events.get(2).sizeBytes());
        assertThat(last.config().hiddenSize()).isEqualTo(128);
        assertThat(last.tensors().get(TaskHead.WEIGHT).shape())
                .containsExactly(pos.labels().size(), 128);
        assertThat(last.tensors().get(TaskHead.WEIGHT).data())
                .isNotEqualTo(first.tensors().get(TaskHead.WEIGHT).data());
        assertThat(metrics.get("ftprobe.trainer.steps")
                        .tag("run", "t-first")
                        .counter()
                        .count())
                .isEqualTo(4);
        assertThat(metrics.get("ftprobe.trainer.tokens").counter().count()).isPositive();
        assertThat(metrics.get("ftprobe.trainer.loss").gauge().value()).isPositive();
        // where the run is, for the alarms: done (step 4 of 4), its last checkpoint at step 4, every 2 steps
        assertThat(metrics.get("ftprobe.trainer.step").gauge().value()).isEqualTo(4.0);
        assertThat(metrics.get("ftprobe.trainer.total.steps").gauge().value()).isEqualTo(4.0);
        assertThat(metrics.get("ftprobe.trainer.checkpoint.step").gauge().value())
                .isEqualTo(4.0);
        assertThat(metrics.get("ftprobe.trainer.checkpoint.interval.steps")
                        .gauge()
                        .value())
                .isEqualTo(2.0);
    }

    @Test
    void aResumedRunPublishesNoStepTwice() throws Exception {
        AtomicReference<Trainer> current = new AtomicReference<>();
        Trainer interrupted = tiny("t-resume")
                .optMaxSteps(6)
                .optListener(e -> {
                    if (e.step() == 2) {
                        current.get().stop();
                    }
                })
                .build();
        current.set(interrupted);
        Trainer.Result r1 = interrupted.run();
        assertThat(r1.complete()).isFalse();
        assertThat(r1.published()).extracting(CheckpointEvent::step).containsExactly(0L, 2L);

        Trainer.Result r2 = tiny("t-resume").optMaxSteps(6).build().run();
        assertThat(r2.resumed()).isTrue();
        assertThat(r2.complete()).isTrue();
        assertThat(r2.published()).extracting(CheckpointEvent::step).containsExactly(4L, 6L);

        Trainer.Result r3 = tiny("t-resume").optMaxSteps(6).build().run();
        assertThat(r3.published()).isEmpty();
        assertThat(r3.complete()).isTrue();

        assertThat(allEvents("t-resume")).extracting(CheckpointEvent::step).containsExactly(0L, 2L, 4L, 6L);
        List<RunManifest> manifests = new ArrayList<>();
        RunLog.readToEnd(bootstrap, Topics.RUNS, RunLog.DEFAULT_TIMEOUT, r -> {
            if ("t-resume".equals(r.key())) {
                manifests.add(r.value());
            }
        });
        assertThat(manifests).hasSize(1);
    }

    @Test
    void aRunStoppedAfterACheckpointResumesToTheSameCheckpointsAsAnUninterruptedOne() throws Exception {
        List<CheckpointEvent> straight =
                tiny("t-exact-a").optMaxSteps(8).build().run().published();
        AtomicReference<Trainer> current = new AtomicReference<>();
        Trainer stopped = tiny("t-exact-b")
                .optMaxSteps(8)
                .optListener(e -> {
                    if (e.step() == 4) {
                        current.get().stop();
                    }
                })
                .build();
        current.set(stopped);
        assertThat(stopped.run().lastStep()).isEqualTo(4);
        Path state = store.resolve(TrainingStates.DIR).resolve("t-exact-b").resolve("step-4.safetensors");
        assertThat(state).isRegularFile();
        assertThat(store.resolve(TrainingStates.DIR).resolve("t-exact-b").resolve("step-2.safetensors"))
                .as("earlier states are deleted")
                .doesNotExist();
        Trainer.Result resumed = tiny("t-exact-b").optMaxSteps(8).build().run();
        assertThat(resumed.resumed()).isTrue();
        List<CheckpointEvent> after = resumed.published();
        assertThat(after).extracting(CheckpointEvent::step).containsExactly(6L, 8L);
        assertThat(after)
                .extracting(CheckpointEvent::sha256)
                .containsExactly(straight.get(3).sha256(), straight.get(4).sha256());
        assertThat(after)
                .extracting(CheckpointEvent::trainingLoss)
                .containsExactly(straight.get(3).trainingLoss(), straight.get(4).trainingLoss());
        assertThat(after.get(1).evaluation()).isEqualTo(straight.get(4).evaluation());
        // without the state (a checkpoint from before states were saved) the run still resumes, from fresh moments
        Trainer lost = tiny("t-exact-c")
                .optMaxSteps(8)
                .optListener(e -> {
                    if (e.step() == 4) {
                        current.get().stop();
                    }
                })
                .build();
        current.set(lost);
        lost.run();
        Files.delete(store.resolve(TrainingStates.DIR).resolve("t-exact-c").resolve("step-4.safetensors"));
        List<CheckpointEvent> fresh =
                tiny("t-exact-c").optMaxSteps(8).build().run().published();
        assertThat(fresh.get(0).sha256()).isNotEqualTo(straight.get(3).sha256());
    }

    @Test
    void dropoutAndClippingAreTheRecipesAndCanBeTurnedOff() throws Exception {
        List<CheckpointEvent> hf =
                tiny("t-recipe-hf").optMaxSteps(2).build().run().published();
        List<CheckpointEvent> again =
                tiny("t-recipe-hf2").optMaxSteps(2).build().run().published();
        List<CheckpointEvent> plain = tiny("t-recipe-plain")
                .optMaxSteps(2)
                .optDropout(0)
                .optMaxGradNorm(0)
                .build()
                .run()
                .published();
        // the same seed, the same dropout masks: the same run bit for bit
        assertThat(again)
                .extracting(CheckpointEvent::sha256)
                .isEqualTo(hf.stream().map(CheckpointEvent::sha256).toList());
        assertThat(plain.get(1).trainingLoss()).isNotEqualTo(hf.get(1).trainingLoss());
        RunManifest m = RunLog.manifest(bootstrap, "t-recipe-plain").orElseThrow();
        assertThat(m.trainingSettings().hiddenDropout()).isZero();
        assertThat(m.trainingSettings().maxGradNorm()).isZero();
        assertThatThrownBy(() -> tiny("x").optDropout(1.5)).hasMessageContaining("dropout");
        assertThatThrownBy(() -> tiny("x").optMaxGradNorm(-1)).hasMessageContaining("max gradient norm");
    }

    @Test
    void anotherConfigurationUnderTheSameRunIdIsRefused() throws Exception {
        tiny("t-conflict").optMaxSteps(1).optCheckpointEvery(1).build().run();
        assertThatThrownBy(() -> tiny("t-conflict")
                        .optMaxSteps(1)
                        .optCheckpointEvery(1)
                        .optLearningRate(1e-3)
                        .build()
                        .run())
                .isInstanceOf(RunConflictException.class)
                .hasMessageContaining("t-conflict")
                .hasMessageContaining("learning_rate was 3.0E-4, now 0.001");
        assertThat(allEvents("t-conflict")).extracting(CheckpointEvent::step).containsExactly(0L, 1L);
    }

    @Test
    void probeTasksAreRecordedInTheManifestAndACrossTaskRunHasAnIdOfItsOwn() throws Exception {
        Trainer.Result own =
                tiny(null).optMaxSteps(1).optCheckpointEvery(1).build().run();
        assertThat(RunLog.manifest(bootstrap, own.runId()).orElseThrow().probeTasks())
                .containsExactly("pos");
        // another task too (the task alone keeps the run id: SettingsEncodingTest): another run, its probe tasks in
        // the tasks' declared order
        Trainer.Result cross = tiny(null)
                .optMaxSteps(1)
                .optCheckpointEvery(1)
                .optProbeTasks(List.of(TaskName.DEP, TaskName.POS))
                .build()
                .run();
        assertThat(cross.runId()).startsWith("pos-").isNotEqualTo(own.runId());
        RunManifest m = RunLog.manifest(bootstrap, cross.runId()).orElseThrow();
        assertThat(m.fineTuningTask()).isEqualTo("pos");
        assertThat(m.probeTasks()).containsExactly("pos", "dep");
        assertThatThrownBy(() -> tiny("x").optProbeTasks(List.of(TaskName.DEP, TaskName.DEP)))
                .hasMessage("probe task dep is given twice");
    }
}
