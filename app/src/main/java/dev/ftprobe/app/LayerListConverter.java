package dev.ftprobe.app;

import dev.ftprobe.runtime.LayerList;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a {@code --layers} option with the one layer-list parser, {@link LayerList#parse}; picocli reports a wrong
 * value as {@code Invalid value for option '--layers': 'x' is not a layer number ...}.
 */
public final class LayerListConverter implements ITypeConverter<LayerList> {
    @Override
    public LayerList convert(String value) {
        try {
            return LayerList.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
