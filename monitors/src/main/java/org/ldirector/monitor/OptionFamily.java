package org.ldirector.monitor;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A service family's ldirectord.cf directives and how their values make its {@link CheckOptions}
 * record. Each record declares its own ({@code HttpOptions.FAMILY}, ...); the list order is the
 * order {@code configtest} prints them in.
 *
 * @param directives the directives this family reads
 * @param build      the record, from the value of each directive
 */
public record OptionFamily<T extends CheckOptions>(List<OptionDirective> directives,
                                                   Function<Function<OptionDirective, String>, T> build) {

    public OptionFamily {
        directives = List.copyOf(directives);
        Objects.requireNonNull(build, "build");
    }

    /** The record for {@code values} (each directive's value, never null). */
    public T options(Function<OptionDirective, String> values) {
        return build.apply(values);
    }

    /** The record when no directive is given: every directive's initial value. */
    public T initial() {
        return build.apply(OptionDirective::initial);
    }
}
