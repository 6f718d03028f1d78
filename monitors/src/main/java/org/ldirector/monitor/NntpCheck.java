package org.ldirector.monitor;

import java.time.Duration;

/**
 * ldirectord's {@code service=nntp} negotiate check ({@code check_nntp}): connect, read the
 * greeting within the timeout, UP iff it starts with {@code 2} ({@code 200}/{@code 201}: posting
 * allowed or not). Then {@code QUIT} (ldirectord just closed).
 *
 * <p>Fixes ldirectord's bug (docs/compatibility.md, known bugs): its connect timeout option was misspelled, so the
 * operating system's connect timeout applied; here the timeout bounds the connect too.
 *
 * <p>Messages: the greeting line (UP or DOWN), the connection failure, or {@code timed out after Ns}.
 */
public final class NntpCheck implements Monitor {

    public NntpCheck() {
    }

    @Override
    public CheckResult check(CheckTarget target, Duration timeout) {
        if (target.port() == 0) {
            return CheckResult.down("no check port");
        }
        return BoundedProbe.run("ldirector-nntp-check", timeout, session -> {
            try (TextConnection nntp = TextConnection.open(target, false, session)) {
                String greeting = Failures.printable(nntp.readLine());
                nntp.quit("QUIT");
                return greeting.startsWith("2") ? CheckResult.up(greeting) : CheckResult.down(greeting);
            }
        }, e -> CheckResult.down(Failures.describe(e)));
    }
}
