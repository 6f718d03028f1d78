package org.ldirector.monitor;

import java.time.Duration;

/**
 * ldirectord's {@code service=pop} and {@code service=pops} negotiate check (
 * {@code check_pop}, Mail::POP3Client): connect (with implicit TLS for {@code pops}), read a
 * {@code +OK} greeting; with a {@code login}, {@code USER}/{@code PASS} must both be answered
 * {@code +OK}; then {@code QUIT}.
 *
 * <p>Fixes ldirectord's bug (docs/compatibility.md, known bugs): without a login, ldirectord was UP even when the server
 * was unreachable (Mail::POP3Client's constructor always returns an object). Here the greeting is
 * always required, so an unreachable or non-POP3 server is DOWN.
 *
 * <p>Messages: {@code -} when UP; otherwise {@code greeting: ...}, {@code USER: -ERR ...},
 * {@code PASS: -ERR ...} (the password is never echoed: it is scrubbed from the server's text
 * too), the connection failure, or {@code timed out after Ns}.
 */
public final class Pop3Check implements Monitor {

    private final boolean implicitTls;

    /** @param implicitTls true for {@code pops} (TLS from the first byte, port 995), false for {@code pop} */
    public Pop3Check(boolean implicitTls) {
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
        return BoundedProbe.run(implicitTls ? "ldirector-pops-check" : "ldirector-pop-check", timeout, session -> {
            try (TextConnection pop = TextConnection.open(target, implicitTls, session)) {
                String greeting = pop.readLine();
                if (!ok(greeting)) {
                    return CheckResult.down("greeting: " + Failures.printable(greeting));
                }
                if (!given.login().isEmpty()) {
                    pop.writeLine("USER " + given.login());
                    String user = pop.readLine();
                    if (!ok(user)) {
                        pop.quit("QUIT");
                        return CheckResult.down("USER: " + clean(user, given));
                    }
                    pop.writeLine("PASS " + given.password());
                    String pass = pop.readLine();
                    if (!ok(pass)) {
                        pop.quit("QUIT");
                        return CheckResult.down("PASS: " + clean(pass, given));
                    }
                }
                pop.quit("QUIT");
                return CheckResult.up("-");
            }
        }, e -> CheckResult.down(clean(Failures.describe(e), given)));
    }

    private static boolean ok(String line) {
        return line.startsWith("+OK");
    }

    private static String clean(String text, LoginOptions given) {
        return Failures.printable(Failures.scrub(text, given.password()));
    }
}
