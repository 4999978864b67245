package dev.ftprobe.model.bench;

import ai.djl.ndarray.NDManager;
import dev.ftprobe.model.BertConfig;
import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.Target;
import dev.ftprobe.model.bert.BertEncoderBlock;
import dev.ftprobe.model.bert.RandomInit;
import dev.ftprobe.model.checkpoint.Checkpoint;
import dev.ftprobe.model.tokenizer.Encoding;
import dev.ftprobe.model.tokenizer.Vocabulary;
import dev.ftprobe.model.train.FineTuner;
import dev.ftprobe.model.train.LinearSchedule;
import dev.ftprobe.model.train.TaskHead;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Forward tokens/s and training steps/s at batch 32, sequence 128, for the given presets: the DJL side of BENCHMARKS.md
 * ({@code make_reference.py bench} is the PyTorch side). Not a test. Usage: ModelBench VOCAB_TXT PRESET...
 */
public final class ModelBench {
    public static void main(String[] args) throws Exception {
        Vocabulary vocab = Vocabulary.read(Path.of(args[0]));
        int batch = 32;
        int seq = 128;
        int labels = 10;
        for (int a = 1; a < args.length; a++) {
            String preset = args[a];
            BertConfig config = BertConfig.preset(preset);
            Checkpoint c = new Checkpoint(
                    config,
                    vocab,
                    RandomInit.weights(new BertEncoderBlock(config).expectedShapes(), 0),
                    "random:" + preset);
            try (BertModel model = BertModel.of(c)) {
                SplittableRandom rnd = new SplittableRandom(1);
                List<Encoding> encs = new ArrayList<>();
                List<List<Target>> targets = new ArrayList<>();
                List<int[]> ys = new ArrayList<>();
                for (int b = 0; b < batch; b++) {
                    long[] ids = new long[seq];
                    long[] mask = new long[seq];
                    for (int t = 0; t < seq; t++) {
                        ids[t] = 5 + rnd.nextInt(30517);
                        mask[t] = 1;
                    }
                    encs.add(new Encoding(ids, new long[seq], mask, List.of(), false, 0));
                    targets.add(List.of(new Target.Sentence()));
                    ys.add(new int[] {rnd.nextInt(labels)});
                }
                int fwdIters = config.hiddenSize() >= 512 ? 3 : 5;
                forward(model, encs);
                long t0 = System.nanoTime();
                for (int i = 0; i < fwdIters; i++) {
                    forward(model, encs);
                }
                double fwd = fwdIters * batch * seq / ((System.nanoTime() - t0) / 1e9);
                TaskHead head = new TaskHead(model.manager(), TaskHead.Kind.SENTENCE, config.hiddenSize(), labels, 2);
                FineTuner ft = new FineTuner(model, head, new LinearSchedule(1e-4f, 0, 1000));
                ft.step(encs, targets, ys);
                int trainIters = 2;
                t0 = System.nanoTime();
                for (int i = 0; i < trainIters; i++) {
                    ft.step(encs, targets, ys);
                }
                double sps = trainIters / ((System.nanoTime() - t0) / 1e9);
                System.out.printf(
                        "{\"engine\": \"djl-0.36.0-pytorch-2.7.1\", \"preset\": \"%s\", "
                                + "\"forward_tokens_per_s\": %.1f, \"train_steps_per_s\": %.4f}%n",
                        preset, fwd, sps);
            }
        }
    }

    private static void forward(BertModel model, List<Encoding> encs) {
        try (NDManager m = model.manager().newSubManager()) {
            BertModel.Inputs in = model.inputs(m, encs);
            model.encoder()
                    .forward(in.ids(), in.typeIds(), in.mask(), false)
                    .lastHiddenState()
                    .toFloatArray();
        }
    }
}
