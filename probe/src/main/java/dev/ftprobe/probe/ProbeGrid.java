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
     * The grid named by a {@code --probe-grid} value: {@code paper}, {@code small}, or a grid of one's own written
     * {@code H1xH2[,H1xH2...]/ALPHA[,ALPHA...]} (for example {@code 256x128/1e-4}: one setting, so the final runs are
     * of exactly that setting, as a side-by-side comparison needs). Case and blanks around the value are ignored.
     *
     * @throws IllegalArgumentException naming the value when it is empty, no grid, or a malformed grid of one's own
     */
    public static ProbeGrid parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "paper" -> paper();
            case "small" -> small();
            case "" -> throw new IllegalArgumentException("the probe grid is empty; expected " + EXPECTED);
            default -> v.contains("/") ? custom(v) : unknown(value);
        };
    }

    private static final String EXPECTED = "'paper', 'small' or shapes/alphas such as '256x128,64x64/1e-4,1e-2'";

    private static ProbeGrid unknown(String value) {
        throw new IllegalArgumentException("unknown probe grid '" + value.strip() + "'; expected " + EXPECTED);
    }

    private static ProbeGrid custom(String v) {
        String[] parts = v.split("/", -1);
        if (parts.length != 2) {
            return unknown(v);
        }
        List<MlpShape> shapes = new ArrayList<>();
        for (String s : parts[0].split(",", -1)) {
            String[] sizes = s.strip().split("x", -1);
            try {
                if (sizes.length != 2) {
                    throw new NumberFormatException();
                }
                shapes.add(new MlpShape(Integer.parseInt(sizes[0].strip()), Integer.parseInt(sizes[1].strip())));
            } catch (IllegalArgumentException e) { // NumberFormatException, or a size below 1
                throw new IllegalArgumentException(
                        "probe grid '" + v + "': shape '" + s.strip() + "' is not two positive sizes like 256x128");
            }
        }
        List<Double> alphas = new ArrayList<>();
        for (String a : parts[1].split(",", -1)) {
            double alpha;
            try {
                alpha = Double.parseDouble(a.strip());
            } catch (NumberFormatException e) {
                alpha = Double.NaN;
            }
            if (!(alpha >= 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException(
                        "probe grid '" + v + "': L2 weight '" + a.strip() + "' is not a finite number >= 0");
            }
            alphas.add(alpha);
        }
        return new ProbeGrid(v.replace(" ", ""), shapes, alphas);
    }

    /** Number of settings. */
    public int size() {
        return shapes.size() * alphas.size();
    }
}
