package org.ldirector.director.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code execute=} lines of a file, found by the rule {@link ConfigParser} reads them with (a global line
 * starting with {@code execute}), without parsing the rest: enough to follow the files a configuration executes.
 */
public final class ExecuteDirectives {

    /** One {@code execute=} value and its line number. */
    public record Line(int number, String value) {
    }

    private ExecuteDirectives() {
    }

    public static List<Line> of(byte[] content) {
        List<Line> out = new ArrayList<>();
        List<String> lines = ConfigParser.lines(ConfigParser.decode(content));
        for (int i = 0; i < lines.size(); i++) {
            String v = PerlText.value("execute", lines.get(i));
            if (v != null) {
                out.add(new Line(i + 1, v));
            }
        }
        return out;
    }
}
