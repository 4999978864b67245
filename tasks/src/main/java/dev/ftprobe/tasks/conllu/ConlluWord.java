package dev.ftprobe.tasks.conllu;

/**
 * One syntactic word of a CoNLL-U sentence (multiword-token ranges and empty nodes are not words).
 *
 * @param id the 1-based word id
 * @param form the word form
 * @param upos the universal part of speech
 * @param head the 1-based id of the head, 0 for the root
 * @param deprel the dependency relation with its subtype, e.g. {@code nmod:poss}
 */
public record ConlluWord(int id, String form, String upos, int head, String deprel) {}
