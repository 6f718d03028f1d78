package org.ldirector.director.config;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few Perl semantics the parser has to reproduce. Every pattern is compiled with {@link Pattern#UNIX_LINES} so
 * that, as in Perl, {@code .} stops only at {@code \n} (a CR from a CRLF file is an ordinary character) and
 * {@code $} matches at the end or before a final {@code \n}.
 */
final class PerlText {

    private static final Pattern DIGITS = re("(\\d+)");
    private static final Map<String, Pattern> DIRECTIVES = new ConcurrentHashMap<>();

    private PerlText() {
    }

    static Pattern re(String regex) {
        return Pattern.compile(regex, Pattern.UNIX_LINES);
    }

    /** {@code $s =~ /regex/} (unanchored unless the regex says {@code ^}): the matcher after a successful find, else null. */
    static Matcher find(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m : null;
    }

    /** Group 1 of {@code $s =~ /regex/}, or null when it does not match. */
    static String group1(Pattern p, String s) {
        Matcher m = find(p, s);
        return m == null ? null : m.group(1);
    }

    /** The first run of digits ({@code $s =~ /(\d+)/}), or null. */
    static String firstDigits(String s) {
        return group1(DIGITS, s);
    }

    /** Perl truth of a string: everything but {@code ""} and {@code "0"} (so {@code "00"} is true). */
    static boolean truthy(String s) {
        return s != null && !s.isEmpty() && !s.equals("0");
    }

    /** A run of digits as a number; absurdly long runs saturate instead of failing. */
    static long number(String digits) {
        String d = digits.replaceFirst("^0+(?=\\d)", "");
        return d.length() > 18 ? Long.MAX_VALUE : Long.parseLong(d);
    }

    /** A run of digits as an int, saturated at {@link Integer#MAX_VALUE}. */
    static int intNumber(String digits) {
        return (int) Math.min(Integer.MAX_VALUE, number(digits));
    }

    /** {@code $line =~ /^name\s*=\s*(.*)/}: the value of directive {@code name}, or null. */
    static String value(String name, String line) {
        return group1(DIRECTIVES.computeIfAbsent(name, n -> re("^" + n + "\\s*=\\s*(.*)")), line);
    }

    /** {@code $line =~ /^name\s*=\s*"(.*)"/}: the quoted value (greedy, up to the last quote), or null. */
    static String quotedValue(String name, String line) {
        return group1(DIRECTIVES.computeIfAbsent('"' + name, n -> re("^" + name + "\\s*=\\s*\"(.*)\"")), line);
    }
}
