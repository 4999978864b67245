package dev.ftprobe.tasks.data;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The corpus files of the five tasks and their public sources.
 *
 * <p>Checksums are those of the files in {@code ../shared/data} that are byte-identical to the published ones: PUD
 * r2.8, STREUSLE 4.2 dev and test JSON, and both TREC files. The STREUSLE 4.2 train JSON there was rebuilt from the
 * official {@code .vis} file (it lacks several token fields), so its bytes differ from the published file and we pin no
 * checksum for it: a downloaded train file is instead checked by reading it completely with the STREUSLE reader before
 * it is kept.
 */
public final class DataFiles {
    private static final String STREUSLE_BASE = "https://raw.githubusercontent.com/nert-nlp/streusle/v4.2/";

    public static final DataFile PUD = new DataFile(
            "ud-english-pud/en_pud-ud-test.conllu",
            URI.create("https://raw.githubusercontent.com/UniversalDependencies/UD_English-PUD/r2.8/"
                    + "en_pud-ud-test.conllu"),
            Optional.of("4ba9c0361ab1e926363e3b8ac8d4ffdca2d34e3a209f4398ae47887d4adc6a4b"),
            "UD English PUD r2.8");

    public static final DataFile STREUSLE_TRAIN = new DataFile(
            "streusle-4.2/train/streusle.ud_train.json",
            URI.create(STREUSLE_BASE + "train/streusle.ud_train.json"),
            Optional.empty(),
            "STREUSLE 4.2");

    public static final DataFile STREUSLE_DEV = new DataFile(
            "streusle-4.2/dev/streusle.ud_dev.json",
            URI.create(STREUSLE_BASE + "dev/streusle.ud_dev.json"),
            Optional.of("dc99c67f4f22fb3c3c82f85347ac75ea1765c687c9a3918fc2b28a1c84d9c7b9"),
            "STREUSLE 4.2");

    public static final DataFile STREUSLE_TEST = new DataFile(
            "streusle-4.2/test/streusle.ud_test.json",
            URI.create(STREUSLE_BASE + "test/streusle.ud_test.json"),
            Optional.of("4e37ed6d54d6b7ce5535cd58bff65510bcaf8d8a4023c487b477d7a87e029dbe"),
            "STREUSLE 4.2");

    public static final DataFile TREC_TRAIN = new DataFile(
            "trec/train_5500.label",
            URI.create("https://cogcomp.seas.upenn.edu/Data/QA/QC/train_5500.label"),
            Optional.of("9e4c8bdcaffb96ed61041bd64b564183d52793a8e91d84fc3a8646885f466ec3"),
            "TREC (Li & Roth)");

    public static final DataFile TREC_TEST = new DataFile(
            "trec/TREC_10.label",
            URI.create("https://cogcomp.seas.upenn.edu/Data/QA/QC/TREC_10.label"),
            Optional.of("033f22c028c2bbba9ca682f68ffe204dc1aa6e1cf35dd6207f2d4ca67f0d0e8e"),
            "TREC (Li & Roth)");

    public static final List<DataFile> ALL =
            List.of(PUD, STREUSLE_TRAIN, STREUSLE_DEV, STREUSLE_TEST, TREC_TRAIN, TREC_TEST);

    private DataFiles() {}
}
