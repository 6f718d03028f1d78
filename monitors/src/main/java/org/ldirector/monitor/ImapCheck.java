package org.ldirector.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * ldirectord's {@code service=imap} and {@code service=imaps} negotiate check (
 * {@code check_imap}/{@code check_imaps}, Net::IMAP::Simple[::SSL]): connect (with implicit TLS for
 * {@code imaps}), read an {@code * OK} (or {@code * PREAUTH}) greeting; with a {@code login},
 * {@code LOGIN} must be answered {@code OK}; then {@code LOGOUT}. UP iff all of that works.
 *
 * <p>User name and password are sent as IMAP quoted strings, or as literals when they hold
 * characters a quoted string cannot carry (non-ASCII), so any password works. A {@code PREAUTH}
 * greeting counts as logged in.
 *
 * <p>Messages: {@code -} when UP; otherwise {@code greeting: ...}, {@code LOGIN: a1 NO ...} (the
 * password is scrubbed from the server's text), the connection failure, or {@code timed out after Ns}.
 */
public final class ImapCheck implements Monitor {

    private static final String LOGIN_TAG = "a1";

    private final boolean implicitTls;

    /** @param implicitTls true for {@code imaps} (TLS from the first byte, port 993), false for {@code imap} */
    public ImapCheck(boolean implicitTls) {
        this.implicitTls = implicitTls;
    }

    public boolean implicitTls() {
        return implicitTls;
    }

    @Override
    public CheckResult check(CheckTarget target, Duration timeout) {
        if (target.port() == 0) {
            return CheckResult.down("no check port");
        }
        LoginOptions given = LoginOptions.of(target);
        return BoundedProbe.run(implicitTls ? "ldirector-imaps-check" : "ldirector-imap-check", timeout, session -> {
            try (TextConnection imap = TextConnection.open(target, implicitTls, session)) {
                String greeting = imap.readLine();
                boolean preauth = startsWithIgnoreCase(greeting, "* PREAUTH");
                if (!preauth && !startsWithIgnoreCase(greeting, "* OK")) {
                    return CheckResult.down("greeting: " + Failures.printable(greeting));
                }
                if (!given.login().isEmpty() && !preauth) {
                    String answer = login(imap, given.login(), given.password());
                    if (!startsWithIgnoreCase(answer, LOGIN_TAG + " OK")) {
                        imap.quit("a2 LOGOUT");
                        return CheckResult.down("LOGIN: " + clean(answer, given));
                    }
                }
                imap.quit("a2 LOGOUT");
                return CheckResult.up("-");
            }
        }, e -> CheckResult.down(clean(Failures.describe(e), given)));
    }

    /** Sends {@code a1 LOGIN user password}; returns the tagged answer (or a continuation refusal). */
    private static String login(TextConnection imap, String user, String password) throws IOException {
        String prefix = LOGIN_TAG + " LOGIN ";
        if (quotable(user) && quotable(password)) {
            imap.writeLine(prefix + quoted(user) + " " + quoted(password));
            return tagged(imap);
        }
        // Synchronizing literals: "{n}", wait for "+", send the n bytes.
        byte[] userBytes = user.getBytes(StandardCharsets.UTF_8);
        byte[] passwordBytes = password.getBytes(StandardCharsets.UTF_8);
        imap.writeLine(prefix + "{" + userBytes.length + "}");
        String go = continuation(imap);
        if (go != null) {
            return go;
        }
        imap.write(userBytes);
        imap.writeLine(" {" + passwordBytes.length + "}");
        go = continuation(imap);
        if (go != null) {
            return go;
        }
        imap.write(passwordBytes);
        imap.writeLine("");
        return tagged(imap);
    }

    /** Waits for {@code +}; returns null then, or the tagged answer when the server refused the literal. */
    private static String continuation(TextConnection imap) throws IOException {
        while (true) {
            String line = imap.readLine();
            if (line.startsWith("+")) {
                return null;
            }
            if (startsWithIgnoreCase(line, LOGIN_TAG + " ")) {
                return line;
            }
        }
    }

    /** Reads past untagged lines ({@code * CAPABILITY ...}) to the answer tagged {@value #LOGIN_TAG}. */
    private static String tagged(TextConnection imap) throws IOException {
        while (true) {
            String line = imap.readLine();
            if (startsWithIgnoreCase(line, LOGIN_TAG + " ")) {
                return line;
            }
        }
    }

    /** RFC 3501 quoted strings carry 7-bit text without CR, LF and NUL. */
    static boolean quotable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c == '\r' || c == '\n' || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static boolean startsWithIgnoreCase(String line, String prefix) {
        return line.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** The server may echo the command: scrub the password as sent (escaped) and as configured. */
    private static String clean(String text, LoginOptions given) {
        String password = given.password();
        String escaped = password.isEmpty() ? "" : quoted(password).substring(1, quoted(password).length() - 1);
        return Failures.printable(Failures.scrub(text, escaped, password));
    }
}
