package dev.ftprobe.analyzer.results;

import dev.ftprobe.events.codec.CodecException;
import java.util.regex.Pattern;

/** The labels of schema versions 1 and 2: the decimal text of their ids. */
final class LegacyLabels {
    /** What those versions wrote: {@code Integer.toString} of an id, so no sign and no leading zero. */
    private static final Pattern ID = Pattern.compile("0|[1-9][0-9]{0,8}");

    private LegacyLabels() {}

    /** The id that {@code text} names; a {@link CodecException} naming {@code field} for anything else. */
    static int id(String text, String field) {
        if (!ID.matcher(text).matches()) {
            throw new CodecException(
                    field, "must be a label id as decimal text (such as \"12\"), was \"" + abbreviate(text) + "\"");
        }
        return Integer.parseInt(text);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
