package org.ldirector.monitor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * ldirectord's {@code receive} strings are Perl regexes applied with {@code $body =~ /$receive/}:
 * unanchored, no flags. This compiles them for {@link java.util.regex} as faithfully as the two
 * dialects allow:
 * <ul>
 *   <li>no {@code DOTALL}: {@code .} does not match a newline, as in Perl;</li>
 *   <li>{@code UNIX_LINES}: only {@code \n} ends a line, as in Perl ({@code .} matches {@code \r},
 *       {@code $} matches before a final {@code \n});</li>
 *   <li>POSIX classes inside brackets ({@code [[:alpha:]]}, {@code [[:^digit:]]}) become
 *       {@code \p{Alpha}}/{@code \P{Digit}}; Java would otherwise read them as a nested class and
 *       silently match something else;</li>
 *   <li>a literal {@code [} or {@code &&} inside a bracket class, and a {@code ]} right after the
 *       opening {@code [}, are escaped (literal in Perl, special in Java).</li>
 * </ul>
 * Perl-only constructs Java lacks ({@code \K}, recursion, code blocks) fail to compile; callers
 * report that as a DOWN result rather than dying like ldirectord.
 *
 * <p>Compiled patterns are cached: receive strings come from the configuration, a small set.
 */
public final class PerlRegex {

    private static final int CACHE_LIMIT = 4096;
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();
    private static final Map<String, String> POSIX = Map.ofEntries(
            Map.entry("alpha", "\\p{Alpha}"), Map.entry("digit", "\\p{Digit}"), Map.entry("alnum", "\\p{Alnum}"),
            Map.entry("upper", "\\p{Upper}"), Map.entry("lower", "\\p{Lower}"), Map.entry("space", "\\s"),
            Map.entry("punct", "\\p{Punct}"), Map.entry("print", "\\p{Print}"), Map.entry("graph", "\\p{Graph}"),
            Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("xdigit", "\\p{XDigit}"), Map.entry("blank", "\\p{Blank}"),
            Map.entry("word", "\\w"), Map.entry("ascii", "\\p{ASCII}"));

    private PerlRegex() {
    }

    /** Compiles a Perl regex; throws {@link PatternSyntaxException} for what Java cannot express. */
    public static Pattern compile(String perlRegex) {
        Pattern cached = CACHE.get(perlRegex);
        if (cached != null) {
            return cached;
        }
        Pattern compiled = Pattern.compile(toJava(perlRegex), Pattern.UNIX_LINES);
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(perlRegex, compiled);
        return compiled;
    }

    /** Perl's unanchored {@code $text =~ /regex/}. */
    public static boolean find(String perlRegex, CharSequence text) {
        return compile(perlRegex).matcher(text).find();
    }

    static String toJava(String perl) {
        StringBuilder out = new StringBuilder(perl.length() + 8);
        boolean inClass = false;
        int i = 0;
        int n = perl.length();
        while (i < n) {
            char c = perl.charAt(i);
            if (c == '\\' && i + 1 < n) {
                if (perl.charAt(i + 1) == 'Q') {
                    // \Q...\E quotes in both dialects; copy it untouched.
                    int end = perl.indexOf("\\E", i + 2);
                    int stop = end < 0 ? n : end + 2;
                    out.append(perl, i, stop);
                    i = stop;
                    continue;
                }
                out.append(c).append(perl.charAt(i + 1));
                i += 2;
                continue;
            }
            if (!inClass) {
                out.append(c);
                i++;
                if (c == '[') {
                    inClass = true;
                    if (i < n && perl.charAt(i) == '^') {
                        out.append('^');
                        i++;
                    }
                    if (i < n && perl.charAt(i) == ']') {
                        out.append("\\]");
                        i++;
                    }
                }
                continue;
            }
            if (c == '[' && perl.startsWith("[:", i)) {
                int end = perl.indexOf(":]", i + 2);
                if (end > 0) {
                    String name = perl.substring(i + 2, end);
                    boolean negated = name.startsWith("^");
                    String java = POSIX.get(negated ? name.substring(1) : name);
                    if (java != null) {
                        out.append(negated ? negate(java) : java);
                        i = end + 2;
                        continue;
                    }
                }
            }
            if (c == '[') {
                out.append("\\[");
            } else if (c == '&' && i + 1 < n && perl.charAt(i + 1) == '&') {
                out.append("\\&");
            } else {
                out.append(c);
                if (c == ']') {
                    inClass = false;
                }
            }
            i++;
        }
        return out.toString();
    }

    private static String negate(String javaClass) {
        return javaClass.startsWith("\\p") ? "\\P" + javaClass.substring(2)
                : "\\" + Character.toUpperCase(javaClass.charAt(1));
    }
}
