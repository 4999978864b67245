package dev.ftprobe.analyzer.stream;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The layers the classifier probe runs on ({@code --probe-layers}): {@code last} (the default: the highest layer of the
 * run's manifest that the analyzer analyses), {@code all} (every analysed layer), or a list {@code L1,L2}.
 *
 * @param layers the listed layers; empty for {@code last} or {@code all}
 * @param all whether every layer is chosen
 */
public record ProbeLayers(Set<Integer> layers, boolean all) {
    public static final String LAST = "last";
    public static final String ALL = "all";
    public static final String DEFAULT = LAST;

    public ProbeLayers {
        layers = Set.copyOf(layers);
    }

    /** @throws IllegalArgumentException naming the flag when the value is neither word nor a list of layers >= 0 */
    public static ProbeLayers parse(String text) {
        String v = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (v.equals(LAST)) {
            return new ProbeLayers(Set.of(), false);
        }
        if (v.equals(ALL)) {
            return new ProbeLayers(Set.of(), true);
        }
        Set<Integer> out = new TreeSet<>();
        for (String part : v.split(",", -1)) {
            try {
                int l = Integer.parseInt(part.strip());
                if (l >= 0) {
                    out.add(l);
                    continue;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(
                    "--probe-layers must be last, all or a list of layers >= 0 such as 6,12, got '" + text + "'");
        }
        return new ProbeLayers(out, false);
    }

    /**
     * Whether the probe runs on {@code layer}.
     *
     * @param lastLayer the run's last analysed layer, or -1 when unknown (then {@code last} chooses none)
     */
    public boolean chosen(int layer, int lastLayer) {
        if (all) {
            return true;
        }
        return layers.isEmpty() ? layer == lastLayer : layers.contains(layer);
    }

    public String text() {
        if (all) {
            return ALL;
        }
        return layers.isEmpty()
                ? LAST
                : String.join(
                        ",", new TreeSet<>(layers).stream().map(String::valueOf).toList());
    }
}
