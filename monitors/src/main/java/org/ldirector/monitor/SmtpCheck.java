package org.ldirector.monitor;

import java.io.IOException;
import java.time.Duration;

/**
 * ldirectord's {@code service=smtp} and {@code service=submission} negotiate check (
 * {@code check_smtp}, Net::SMTP): connect, read a 2xx greeting, {@code EHLO localhost.localdomain},
 * falling back to {@code HELO localhost.localdomain} when EHLO is refused, then {@code QUIT}. UP iff
 * the session gets that far. No request/receive; {@code submission} is the same check on port 587
 * (no STARTTLS, no AUTH: ldirectord did neither).
 *
 * <p>Messages: {@code -} when UP; otherwise the reply that stopped the session
 * ({@code greeting: 554 ...}, {@code EHLO/HELO: 502 ...}), the connection failure, or
 * {@code timed out after Ns}.
 */
public final class SmtpCheck implements Monitor {

    /** What Net::SMTP says hello as, by default. */
    static final String HELLO_DOMAIN = "localhost.localdomain";

    public SmtpCheck() {
    }

    @Override
    public CheckResult check(CheckTarget target, Duration timeout) {
        if (target.port() == 0) {
            return CheckResult.down("no check port");
        }
        return BoundedProbe.run("ldirector-smtp-check", timeout, session -> {
            try (TextConnection smtp = TextConnection.open(target, false, session)) {
                Reply greeting = Reply.read(smtp);
                if (!greeting.positive()) {
                    return CheckResult.down("greeting: " + greeting);
                }
                smtp.writeLine("EHLO " + HELLO_DOMAIN);
                Reply ehlo = Reply.read(smtp);
                if (!ehlo.positive()) {
                    smtp.writeLine("HELO " + HELLO_DOMAIN);
                    Reply helo = Reply.read(smtp);
                    if (!helo.positive()) {
                        smtp.quit("QUIT");
                        return CheckResult.down("EHLO: " + ehlo + "; HELO: " + helo);
                    }
                }
                smtp.quit("QUIT");
                return CheckResult.up("-");
            }
        }, e -> CheckResult.down(Failures.describe(e)));
    }

    /** One SMTP reply: the code and the text of its last line (continuation lines {@code 250-...} are read and skipped). */
    record Reply(int code, String text) {

        static Reply read(TextConnection connection) throws IOException {
            while (true) {
                String line = connection.readLine();
                if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                        || !Character.isDigit(line.charAt(2))) {
                    return new Reply(0, line);
                }
                if (line.length() > 3 && line.charAt(3) == '-') {
                    continue;
                }
                return new Reply(Integer.parseInt(line.substring(0, 3)), line);
            }
        }

        boolean positive() {
            return code >= 200 && code < 300;
        }

        @Override
        public String toString() {
            return code == 0 ? "not an SMTP reply: " + Failures.printable(text) : Failures.printable(text);
        }
    }
}
