package dev.ftprobe.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerListTest {
    @Test
    void allInAnyCaseIsEveryLayer() {
        assertThat(LayerList.parse("all").isAll()).isTrue();
        assertThat(LayerList.parse(" ALL ")).isEqualTo(LayerList.all());
        assertThat(LayerList.all().layers()).isEmpty();
        assertThat(LayerList.all().orElse(List.of(0, 1, 2))).containsExactly(0, 1, 2);
        assertThat(LayerList.all()).hasToString("all");
    }

    @Test
    void numbersKeepTheirOrderAndDropDuplicates() {
        LayerList l = LayerList.parse("12, 0,6,0");
        assertThat(l.layers()).contains(List.of(12, 0, 6));
        assertThat(l.orElse(List.of(1))).containsExactly(12, 0, 6);
        assertThat(l).hasToString("12,0,6");
        assertThat(LayerList.parse(l.toString())).isEqualTo(l);
        assertThat(LayerList.of(List.of(3, 3))).hasToString("3");
        assertThat(LayerList.of(List.of())).isEqualTo(LayerList.all());
    }

    @Test
    void rangesIncludeBothEndsAndMixWithNumbers() {
        assertThat(LayerList.parse("1-4").layers()).contains(List.of(1, 2, 3, 4));
        assertThat(LayerList.parse("0, 10-12,3-3").layers()).contains(List.of(0, 10, 11, 12, 3));
        assertThat(LayerList.parse("2-3,3").layers()).contains(List.of(2, 3));
    }

    @Test
    void aPartThatIsNoLayerNumberIsNamed() {
        assertThatThrownBy(() -> LayerList.parse("0,x,2"))
                .hasMessage("'x' is not a layer number or range (give all or a list such as 0,6,12 or 1-12)");
        assertThatThrownBy(() -> LayerList.parse("-1")).hasMessageStartingWith("'-1' is not a layer number");
        assertThatThrownBy(() -> LayerList.parse("1,,2")).hasMessageStartingWith("'' is not a layer number");
        assertThatThrownBy(() -> LayerList.parse("1.5")).hasMessageStartingWith("'1.5' is not a layer number");
        assertThatThrownBy(() -> LayerList.parse(" ")).hasMessageStartingWith("no layers given");
        assertThatThrownBy(() -> LayerList.parse("5-2")).hasMessageStartingWith("'5-2' is not a layer number or range");
        assertThatThrownBy(() -> LayerList.parse("1-")).hasMessageStartingWith("'1-' is not a layer number or range");
        assertThatThrownBy(() -> LayerList.parse("1--3")).hasMessageStartingWith("'1--3' is not a layer number");
        assertThatThrownBy(() -> LayerList.of(List.of(1, -2))).hasMessageStartingWith("'-2' is not a layer number");
    }

    @Test
    void theConfigurationReadsLayersWithTheSameParserAndSaysWhereTheValueCameFrom() {
        Config c = Config.load(Map.of("layers", "0,6"), Map.of("FTPROBE_BAD", "six"), Map.of("fallback", "all"));
        assertThat(c.getLayers("layers").layers()).contains(List.of(0, 6));
        assertThat(c.getLayers("fallback").isAll()).isTrue();
        assertThatThrownBy(() -> c.getLayers("bad"))
                .isInstanceOf(Config.ConfigException.class)
                .hasMessage("configuration bad must be a layer list: 'six' is not a layer number or range "
                        + "(give all or a list such as 0,6,12 or 1-12) (from env)");
    }
}
