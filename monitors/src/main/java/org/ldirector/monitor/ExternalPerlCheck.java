package org.ldirector.monitor;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code checktype=external-perl} (ldirectord's {@code _check_real}): the {@code checkcommand} file is a Perl script,
 * run as {@code /usr/bin/perl <script> <vip or fwmark> <vport> <rip> <rport>} with the same rules as
 * {@link ExternalCheck}: exit status 0 → UP (a script that ends without calling {@code exit} exits
 * 0, UP as in ldirectord); {@code exit N} with N ≠ 0, {@code die} (exit 255), a script that cannot
 * be run, or one still running at the timeout → DOWN, and the script and its children are killed.
 *
 * <p>ldirectord compiled the file once into its own interpreter and called it as a sub; here every
 * check runs a fresh {@code perl} process. So a script can no longer keep state between checks in
 * global variables, nor break the daemon (a stray {@code exec}, {@code chdir}, signal handler or
 * infinite loop used to hit ldirectord itself).
 */
public final class ExternalPerlCheck implements Monitor {

    /** Debian's perl (package perl-base, always installed). */
    public static final String PERL = "/usr/bin/perl";

    private final String script;
    private final ExternalCheck runner;

    /** @param script path of the Perl script ({@code checkcommand}) */
    public ExternalPerlCheck(String script) {
        this(PERL, script);
    }

    /** For tests: another interpreter path. */
    ExternalPerlCheck(String perl, String script) {
        this.script = Objects.requireNonNull(script, "script");
        this.runner = new ExternalCheck(List.of(perl), script);
    }

    public String script() {
        return script;
    }

    @Override
    public CheckResult check(CheckTarget target, Duration timeout) {
        return runner.run(target, timeout).toCheckResult();
    }

    /** Like {@link #check}, but keeps the exit status and stdout. */
    public ExternalCheck.Outcome run(CheckTarget target, Duration timeout) {
        return runner.run(target, timeout);
    }
}
