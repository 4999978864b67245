package dev.ftprobe.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.ftprobe.geometry.LabelledPoints;
import org.junit.jupiter.api.Test;

class BatchedMlpTrainerTest {
    private static final MlpShape SHAPE = new MlpShape(32, 16);

    private static double accuracy(FittedMlp model, ProbeSet test) {
        return test.accuracy(MlpPredictor.predict(new FittedMlp[] {model}, test)[0]);
    }

    @Test
    void separableBlobsAreClassifiedAndTrainingStopsOnItsOwn() {
        LabelledPoints train = Synthetic.blobs(3, 60, 10, 1);
        LabelledPoints test = Synthetic.blobs(3, 30, 10, 2);
        FittedMlp[] fits = new BatchedMlpTrainer(MlpOptions.sklearn())
                .fit(Synthetic.set("train", train, train), 3, SHAPE, new double[] {1e-4, 1e-1}, new long[] {7, 7});
        for (FittedMlp f : fits) {
            assertThat(accuracy(f, Synthetic.set("test", test, train))).isGreaterThanOrEqualTo(0.98);
            assertThat(f.converged()).isTrue();
            assertThat(f.epochs()).isBetween(12, 999);
        }
        // the stronger L2 weight ends at a higher loss
        assertThat(fits[1].loss()).isGreaterThan(fits[0].loss());
    }

    @Test
    void ringsNeedTheHiddenLayersAndOneLogisticUnit() {
        LabelledPoints train = Synthetic.rings(400, 4, 3);
        LabelledPoints test = Synthetic.rings(200, 4, 4);
        FittedMlp fit = new BatchedMlpTrainer(MlpOptions.sklearn())
                .fit(Synthetic.set("train", train, train), 2, SHAPE, new double[] {1e-4}, new long[] {1})[0];
        assertThat(fit.weights().outputs()).isEqualTo(1);
        assertThat(accuracy(fit, Synthetic.set("test", test, train))).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void theEpochLimitStopsUnconverged() {
        LabelledPoints train = Synthetic.rings(100, 2, 5);
        FittedMlp fit = new BatchedMlpTrainer(MlpOptions.sklearn().withMaxIter(3))
                .fit(Synthetic.set("train", train, train), 2, SHAPE, new double[] {1e-4}, new long[] {1})[0];
        assertThat(fit.epochs()).isEqualTo(3);
        assertThat(fit.converged()).isFalse();
    }

    @Test
    void aSeedGivesTheSameWeightsBitForBitOnAnyNumberOfThreads() {
        LabelledPoints train = Synthetic.blobs(5, 300, 64, 6);
        ProbeSet set = Synthetic.set("train", train, train);
        BatchedMlpTrainer trainer = new BatchedMlpTrainer(MlpOptions.sklearn().withMaxIter(4));
        MlpShape shape = new MlpShape(128, 64);
        double[] alphas = {1e-3, 1e-1, 1e-3};
        long[] seeds = {1, 2, 3};
        Engine.getEngine("PyTorch"); // loads the native library that JniUtils calls into
        int threads = JniUtils.getNumThreads();
        FittedMlp[] many;
        FittedMlp[] one;
        try {
            JniUtils.setNumThreads(Math.max(2, Runtime.getRuntime().availableProcessors()));
            many = trainer.fit(set, 5, shape, alphas, seeds);
            JniUtils.setNumThreads(1);
            one = trainer.fit(set, 5, shape, alphas, seeds);
        } finally {
            JniUtils.setNumThreads(threads);
        }
        FittedMlp[] again = trainer.fit(set, 5, shape, alphas, seeds);
        for (int m = 0; m < 3; m++) {
            assertThat(one[m].weights().w1()).isEqualTo(many[m].weights().w1());
            assertThat(one[m].weights().b3()).isEqualTo(many[m].weights().b3());
            assertThat(again[m].weights().w2()).isEqualTo(many[m].weights().w2());
            assertThat(one[m].loss()).isEqualTo(many[m].loss());
        }
        // seeds 1 and 3 share alpha but not their initial weights
        assertThat(many[0].weights().w1()).isNotEqualTo(many[2].weights().w1());
    }

    @Test
    void aModelTrainedInAStackMatchesItTrainedAlone() {
        LabelledPoints train = Synthetic.blobs(4, 50, 8, 8);
        ProbeSet set = Synthetic.set("train", train, train);
        BatchedMlpTrainer trainer = new BatchedMlpTrainer(MlpOptions.sklearn().withMaxIter(5));
        FittedMlp[] stacked = trainer.fit(set, 4, SHAPE, new double[] {1e-5, 1e-1, 1e-5}, new long[] {3, 3, 4});
        FittedMlp alone = trainer.fit(set, 4, SHAPE, new double[] {1e-1}, new long[] {3})[0];
        FittedMlp otherSeed = trainer.fit(set, 4, SHAPE, new double[] {1e-5}, new long[] {4})[0];
        assertClose(stacked[1], alone);
        assertClose(stacked[2], otherSeed);
    }

    private static void assertClose(FittedMlp a, FittedMlp b) {
        float[] x = a.weights().w1();
        float[] y = b.weights().w1();
        for (int i = 0; i < x.length; i++) {
            assertThat(x[i]).isCloseTo(y[i], within(1e-5f));
        }
        assertThat(a.loss()).isCloseTo(b.loss(), within(1e-5));
        assertThat(a.epochs()).isEqualTo(b.epochs());
    }
}
