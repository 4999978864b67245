package dev.ftprobe.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The layers a user asks for: {@value #ALL}, or layer numbers and ranges such as {@code 0,6,12} or {@code 1-12} (0 is
 * the embedding output, 1..L the encoder layers). The one parser of layer lists: the command-line options and the
 * configuration files go through {@link #parse}, so that every service reads and refuses them alike.
 */
public final class LayerList {
    /** The text that means every layer of the model. */
    public static final String ALL = "all";

    private static final String EXAMPLE = "give " + ALL + " or a list such as 0,6,12 or 1-12";
    private static final LayerList ALL_LAYERS = new LayerList(List.of());

    private final List<Integer> layers;

    private LayerList(List<Integer> layers) {
        this.layers = layers;
    }

    /** Every layer of the model. */
    public static LayerList all() {
        return ALL_LAYERS;
    }

    /** These layers, in this order, duplicates dropped; an empty collection means all. */
    public static LayerList of(Collection<Integer> layers) {
        LinkedHashSet<Integer> unique = new LinkedHashSet<>();
        for (Integer l : layers) {
            if (l == null || l < 0) {
                throw new IllegalArgumentException("'" + l + "' is not a layer number (" + EXAMPLE + ")");
            }
            unique.add(l);
        }
        return unique.isEmpty() ? ALL_LAYERS : new LayerList(List.copyOf(unique));
    }

    /**
     * {@value #ALL} (any case) or comma-separated layer numbers and ranges ({@code 1-12}: 1 to 12, both included); the
     * message names the part that is wrong.
     */
    public static LayerList parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no layers given (" + EXAMPLE + ")");
        }
        if (text.trim().toLowerCase(Locale.ROOT).equals(ALL)) {
            return ALL_LAYERS;
        }
        List<Integer> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String s = part.trim();
            int dash = s.indexOf('-', 1);
            int from = number(dash < 0 ? s : s.substring(0, dash));
            int to = dash < 0 ? from : number(s.substring(dash + 1));
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("'" + s + "' is not a layer number or range (" + EXAMPLE + ")");
            }
            for (int layer = from; layer <= to; layer++) {
                out.add(layer);
            }
        }
        return of(out);
    }

    /** A layer number, or -1 when the text is none. */
    private static int number(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public boolean isAll() {
        return layers.isEmpty();
    }

    /** The layers asked for, or empty for all of them. */
    public Optional<List<Integer>> layers() {
        return isAll() ? Optional.empty() : Optional.of(layers);
    }

    /** The layers asked for, or {@code model} (the model's) when all are. */
    public List<Integer> orElse(List<Integer> model) {
        return isAll() ? model : layers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerList other && other.layers.equals(layers);
    }

    @Override
    public int hashCode() {
        return layers.hashCode();
    }

    /** The text {@link #parse} reads back: {@value #ALL} or e.g. {@code 0,6,12}. */
    @Override
    public String toString() {
        return isAll() ? ALL : layers.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
