package org.ldirector.director.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.ldirector.failover.Sh;

/**
 * A director whose host name does not resolve (no DNS, not in /etc/hosts, no other address to fall back on: a
 * network namespace with only lo and a UTS namespace with a made-up name) starts without log4j's
 * {@code Could not determine local host name} stack trace on stderr.
 */
class UnresolvableHostNameTest {

    @Test
    void noStackTraceWhenTheHostNameDoesNotResolve() throws Exception {
        assumeTrue(Sh.namespacesAvailable() && Sh.run("unshare", "--version").ok(), "needs root, ip netns, unshare");
        String ns = "ldl" + ProcessHandle.current().pid() + "hn";
        Sh.ok("ip", "netns", "add", ns);
        try {
            Sh.ok("ip", "-n", ns, "link", "set", "lo", "up");
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process p = new ProcessBuilder(List.of("ip", "netns", "exec", ns, "unshare", "--uts", "sh", "-c",
                    "hostname no-such-director-ldl && exec \"$0\" -cp \"$1\" " + UnresolvableHostNameMain.class.getName(),
                    java, System.getProperty("java.class.path"))).redirectErrorStream(true).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("before setup").contains("after setup")
                    .doesNotContain("Could not determine local host name").doesNotContain("UnknownHostException")
                    .doesNotContain("\tat ");
        } finally {
            Sh.quietly("ip", "netns", "del", ns);
        }
    }
}
