package dev.ftprobe.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.ModelSource;
import dev.ftprobe.model.Target;
import dev.ftprobe.model.tokenizer.Encoding;
import dev.ftprobe.model.tokenizer.WordPieceTokenizer.Overflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Fine-tuning gives the same losses whatever else the JVM does: beside a thread that collects garbage without pause,
 * and beside another model's forward passes (the extractor next to the trainer in {@code ftprobe run}). Both failed in
 * every run before scalars under autograd were made tensors of the step's manager (DJL's {@code mul(Number)} and
 * {@code div(Number)} free their scalar while the backward pass still reads it; see {@code BertEncoderBlock.forward}).
 */
class TrainingReproducibilityTest {
    private record Batch(List<Encoding> encodings, List<List<Target>> targets, List<int[]> labels) {}

    private static final ModelSource.Options OPTIONS =
            new ModelSource.Options().optVocabulary(FineTunerTest.toyVocab());

    @Test
    void trainingBesideAGarbageCollectingThreadGivesTheLossesOfTrainingAlone() throws Exception {
        List<Float> alone = train(false);
        for (int run = 0; run < 3; run++) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread collector = new Thread(
                    () -> {
                        while (!stop.get()) {
                            System.gc();
                        }
                    },
                    "collector");
            collector.start();
            try {
                assertThat(train(false)).as("run %d beside System.gc()", run).isEqualTo(alone);
            } finally {
                stop.set(true);
                collector.join();
            }
        }
    }

    @Test
    void trainingBesideConcurrentInferenceGivesTheLossesOfTrainingAlone() throws Exception {
        List<Float> alone = train(false);
        for (int run = 0; run < 4; run++) {
            assertThat(train(true)).as("run %d with concurrent inference", run).isEqualTo(alone);
        }
    }

    private static List<Float> train(boolean withInference) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread inference = new Thread(
                () -> {
                    try (BertModel other = BertModel.load(ModelSource.parse("random:tiny:7"), OPTIONS)) {
                        Random rnd = new Random(9);
                        while (!stop.get()) {
                            Batch b = batch(other, rnd);
                            other.targetVectors(b.encodings, b.targets, new int[] {0, 1, 2});
                        }
                    } catch (Throwable t) {
                        failed.set(t);
                    }
                },
                "concurrent-inference");
        if (withInference) {
            inference.start();
        }
        List<Float> losses = new ArrayList<>();
        try (BertModel model = BertModel.load(ModelSource.parse("random:tiny:5"), OPTIONS)) {
            TaskHead head = new TaskHead(model.manager(), TaskHead.Kind.WORD, 128, 4, 17);
            FineTuner tuner = new FineTuner(model, head, new LinearSchedule(3e-4f, 2, 20));
            Random rnd = new Random(3);
            for (int step = 0; step < 12; step++) {
                Batch b = batch(model, rnd);
                losses.add(tuner.step(b.encodings, b.targets, b.labels));
            }
        } finally {
            stop.set(true);
            if (withInference) {
                inference.join();
            }
        }
        assertThat(failed.get()).isNull();
        return losses;
    }

    /** 32 sentences of 10 to 24 toy words, each labelled by its word group. */
    private static Batch batch(BertModel model, Random rnd) {
        List<Encoding> encodings = new ArrayList<>();
        List<List<Target>> targets = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (int s = 0; s < 32; s++) {
            int len = 10 + rnd.nextInt(15);
            List<String> words = new ArrayList<>();
            int[] ls = new int[len];
            List<Target> ts = new ArrayList<>();
            for (int i = 0; i < len; i++) {
                ls[i] = rnd.nextInt(4);
                words.add(FineTunerTest.GROUPS.get(ls[i]).get(rnd.nextInt(4)));
                ts.add(new Target.Word(i));
            }
            encodings.add(model.tokenizer().encodeWords(words, 64, Overflow.FAIL));
            targets.add(ts);
            labels.add(ls);
        }
        return new Batch(encodings, targets, labels);
    }
}
