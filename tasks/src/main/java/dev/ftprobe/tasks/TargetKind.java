package dev.ftprobe.tasks;

/**
 * What an example points at in its sentence. The extractor pools subword vectors from it and the trainer picks its head
 * from it: one word (POS, PS-role, PS-fxn), a (dependent, head) pair whose two word vectors are concatenated (DEP), or
 * the whole sentence through {@code [CLS]} (TREC).
 */
public enum TargetKind {
    WORD,
    WORD_PAIR,
    SENTENCE
}
