package org.ldirector.director.config;

import static org.ldirector.director.config.PerlText.group1;
import static org.ldirector.director.config.PerlText.re;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The values of {@code emailalert} and {@code emailalertstatus}, global and per virtual alike. */
final class EmailDirectives {

    private static final Pattern ENCLOSING_QUOTES = re("^\"([^\"]*)\"$");
    private static final Pattern ANY = re("(.+)");
    private static final Pattern STATUS_SEPARATOR = re("\\s*,\\s*");

    private EmailDirectives() {
    }

    /** {@code read_emailalert}: enclosing quotes are stripped only when the whole value is quoted. */
    static String address(ParseContext ctx, int line, String value) throws ConfigException {
        Matcher q = ENCLOSING_QUOTES.matcher(value);
        String addr = q.find() ? value.substring(0, q.start()) + q.group(1) + value.substring(q.end()) : value;
        if (group1(ANY, addr) == null) {
            throw ctx.error(line, "no email address specified");
        }
        return addr;
    }

    /** {@code parse_emailalertstatus}: a comma list of all, none, starting, running, stopping, reloading. */
    static Set<EmailAlert.DaemonStatus> statuses(ParseContext ctx, int line, String value) throws ConfigException {
        String[] tokens = value.isEmpty() ? new String[0] : STATUS_SEPARATOR.split(value);
        boolean none = false;
        for (String t : tokens) {
            none |= t.equals("none");
        }
        Set<EmailAlert.DaemonStatus> status = EnumSet.noneOf(EmailAlert.DaemonStatus.class);
        for (String t : tokens) {
            switch (t) {
                case "none" -> {
                    continue;
                }
                case "all" -> status = EnumSet.allOf(EmailAlert.DaemonStatus.class);
                case "starting" -> status.add(EmailAlert.DaemonStatus.STARTING);
                case "running" -> status.add(EmailAlert.DaemonStatus.RUNNING);
                case "stopping" -> status.add(EmailAlert.DaemonStatus.STOPPING);
                case "reloading" -> status.add(EmailAlert.DaemonStatus.RELOADING);
                default -> throw ctx.error(line, "invalid email alert status at: \"" + t + "\"");
            }
            if (none) {
                throw ctx.error(line, "invalid email alert status: \"" + t + "\" specified with \"none\"");
            }
        }
        return status;
    }
}
