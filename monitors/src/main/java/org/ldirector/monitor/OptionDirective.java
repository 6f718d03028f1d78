package org.ldirector.monitor;

import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One ldirectord.cf directive that sets a check option, as data: the director's parser reads every
 * directive of every family with it, {@code configtest} prints it back, and the family turns the
 * values into its record ({@link OptionFamily}). So a new option is declared next to its check.
 *
 * @param name    the directive, as {@code ^name\s*=} matches it
 * @param form    how the value is written
 * @param initial the value when the section does not give one (ldirectord's per-virtual default)
 * @param value   the value as stored, from the text the form gives; null when it is invalid
 * @param error   ldirectord's message for an invalid value
 * @param secret  never logged, printed as {@code <hidden>}
 */
public record OptionDirective(String name, Form form, String initial, UnaryOperator<String> value, String error,
                              boolean secret) {

    /** How a value is written in ldirectord.cf. */
    public enum Form {
        /** {@code name = "value"}, greedy up to the last quote; printed quoted. */
        QUOTED,
        /** {@code name = value}, the rest of the line; printed bare. */
        BARE_WORD,
        /** {@code name = value} or {@code name = "value"}; printed quoted. */
        OPTIONALLY_QUOTED
    }

    private static final Pattern WORD = Pattern.compile("(\\w+)", Pattern.UNIX_LINES);
    private static final Pattern OPTIONAL_QUOTES = Pattern.compile("\"?([^\"]*)\"?", Pattern.UNIX_LINES);

    /** The request, with the leading {@code /} ldirectord adds when it is missing. */
    public static final OptionDirective REQUEST = quoted("request", "/", "no request string specified", false,
            v -> v.startsWith("/") ? v : "/" + v);
    public static final OptionDirective RECEIVE = quoted("receive", "", "invalid receive string", false, v -> v);
    public static final OptionDirective LOGIN = quoted("login", "", "invalid login string", false, v -> v);
    public static final OptionDirective PASSWD = quoted("passwd", "", "invalid password", true, v -> v);

    public OptionDirective {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(error, "error");
    }

    /** A quoted value that must not be empty, then {@code normalise}d. */
    public static OptionDirective quoted(String name, String initial, String error, boolean secret,
                                         UnaryOperator<String> normalise) {
        return new OptionDirective(name, Form.QUOTED, initial, v -> v.isEmpty() ? null : normalise.apply(v), error,
                secret);
    }

    /** The first word of the value, upper-cased, if it is one of {@code allowed}. */
    public static OptionDirective upperCaseWord(String name, String initial, String error, String... allowed) {
        return new OptionDirective(name, Form.BARE_WORD, initial, v -> {
            Matcher m = WORD.matcher(v);
            String upper = m.find() ? m.group(1).toUpperCase(Locale.ROOT) : null;
            for (String a : allowed) {
                if (a.equals(upper)) {
                    return upper;
                }
            }
            return null;
        }, error, false);
    }

    /** The value without its enclosing quotes, up to the first quote inside; may be empty. */
    public static OptionDirective optionallyQuoted(String name) {
        return new OptionDirective(name, Form.OPTIONALLY_QUOTED, "", v -> {
            Matcher m = OPTIONAL_QUOTES.matcher(v);
            return m.find() ? m.group(1) : "";
        }, "invalid " + name, false);
    }

    /** Never prints the normaliser. */
    @Override
    public String toString() {
        return "OptionDirective[" + name + "]";
    }
}
