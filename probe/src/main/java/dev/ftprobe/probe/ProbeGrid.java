package dev.ftprobe.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The settings the grid search tries: every shape with every L2 weight ({@code alpha}). Shapes come in order, and
 * within a shape the alphas ascending; the grid search breaks ties by this order.
 */
public record ProbeGrid(String name, List<MlpShape> shapes, List<Double> alphas) {
    private static final int[] PAPER_SIZES = {32, 64, 128, 256};

    public ProbeGrid {
        shapes = List.copyOf(shapes);
        alphas = List.copyOf(alphas);
        if (shapes.isEmpty() || alphas.isEmpty()) {
            throw new IllegalArgumentException("grid '" + name + "' has no settings");
        }
    }

    /** METHOD §6: hidden sizes {32, 64, 128, 256} x {32, 64, 128, 256}, alpha 1e-7 .. 1 in powers of ten (128). */
    public static ProbeGrid paper() {
        List<MlpShape> shapes = new ArrayList<>();
        for (int h1 : PAPER_SIZES) {
            for (int h2 : PAPER_SIZES) {
                shapes.add(new MlpShape(h1, h2));
            }
        }
        List<Double> alphas = new ArrayList<>();
        for (int e = -7; e <= 0; e++) {
            alphas.add(Double.parseDouble("1e" + e)); // exact decimal powers, as sklearn's 10.0 ** e prints them
        }
        return new ProbeGrid("paper", shapes, alphas);
    }

    /** A small grid for tests and quick looks: 2 shapes x 2 alphas. */
    public static ProbeGrid small() {
        return new ProbeGrid("small", List.of(new MlpShape(32, 32), new MlpShape(64, 64)), List.of(1e-4, 1e-2));
    }

    /**
     * The grid named by a {@code --probe-grid} value: {@code paper} or {@code small} (case and surrounding blanks
     * ignored).
     *
     * @throws IllegalArgumentException naming the value when it is empty or no grid
     */
    public static ProbeGrid parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "paper" -> paper();
            case "small" -> small();
            case "" -> throw new IllegalArgumentException("the probe grid is empty; expected 'paper' or 'small'");
            default ->
                throw new IllegalArgumentException(
                        "unknown probe grid '" + value.strip() + "'; expected 'paper' or 'small'");
        };
    }

    /** Number of settings. */
    public int size() {
        return shapes.size() * alphas.size();
    }
}
