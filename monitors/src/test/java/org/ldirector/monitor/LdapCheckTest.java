package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code service=ldap} / {@code ldaps} against UnboundID's in-memory directory server, listening
 * with plain LDAP and with LDAPS (a self-signed certificate). A second server requires a bind for
 * searches, to tell anonymous binds from simple binds.
 */
class LdapCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String BASE = LdapPeer.BASE;
    private static final String USER_DN = LdapPeer.USER_DN;
    private static final String PASSWORD = LdapPeer.PASSWORD;

    private static InMemoryDirectoryServer open;
    private static InMemoryDirectoryServer locked;

    private final LdapCheck ldap = new LdapCheck(false);
    private final LdapCheck ldaps = new LdapCheck(true);

    @BeforeAll
    static void startServers() throws Exception {
        open = LdapPeer.start(0, 0, false);
        locked = LdapPeer.start(0, -1, true);
    }

    @AfterAll
    static void stopServers() {
        open.shutDown(true);
        locked.shutDown(true);
    }

    private static CheckTarget target(InMemoryDirectoryServer server, String listener, String request) {
        return target(server, listener, request, UnaryOperator.identity());
    }

    private static CheckTarget target(InMemoryDirectoryServer server, String listener, String request,
                                      UnaryOperator<LoginOptions.Builder> change) {
        return CheckTarget.of("127.0.0.1", server.getListenPort(listener),
                change.apply(LoginOptions.builder().request(request)).build());
    }

    @Test
    void anonymousSearchFindingTheBaseEntryIsSuccess() {
        assertThat(ldap.check(target(open, "ldap", "/" + BASE), TIMEOUT)).isEqualTo(CheckResult.up("Success"));
    }

    @Test
    void dnMatchingReceiveIsSuccess() {
        CheckTarget target = target(open, "ldap", "/" + USER_DN, o -> o.receive("^uid=checker,"));

        assertThat(ldap.check(target, TIMEOUT)).isEqualTo(CheckResult.up("Success"));
    }

    @Test
    void dnNotMatchingReceiveIsResponseMismatch() {
        CheckTarget target = target(open, "ldap", "/" + USER_DN, o -> o.receive("uid=someone-else"));

        assertThat(ldap.check(target, TIMEOUT)).isEqualTo(CheckResult.down("Response mismatch"));
    }

    @Test
    void missingEntryIsNoAnswerReceived() {
        assertThat(ldap.check(target(open, "ldap", "/ou=nobody," + BASE), TIMEOUT))
                .isEqualTo(CheckResult.down("No answer received"));
    }

    @Test
    void simpleBindWithRightPasswordIsSuccess() {
        CheckTarget target = target(locked, "ldap", "/" + BASE, o -> o.credentials(USER_DN, PASSWORD));

        assertThat(ldap.check(target, TIMEOUT)).isEqualTo(CheckResult.up("Success"));
    }

    @Test
    void wrongPasswordIsBindFailed() {
        CheckTarget target = target(locked, "ldap", "/" + BASE, o -> o.credentials(USER_DN, "wrong"));

        assertThat(ldap.check(target, TIMEOUT)).isEqualTo(CheckResult.down("Bind failed"));
    }

    @Test
    void loginWithoutPasswordBindsAnonymously() {
        // ldirectord binds with credentials only when both login and passwd are set.
        CheckTarget target = target(locked, "ldap", "/" + BASE, o -> o.credentials(USER_DN, ""));

        assertThat(ldap.check(target, TIMEOUT)).isEqualTo(CheckResult.down("No answer received"));
    }

    @Test
    void ldapsWithSelfSignedCertificateIsSuccess() {
        assertThat(ldaps.check(target(open, "ldaps", "/" + BASE), TIMEOUT)).isEqualTo(CheckResult.up("Success"));
    }

    @Test
    void ldapsCheckAgainstPlainListenerIsDown() {
        assertThat(ldaps.check(target(open, "ldap", "/" + BASE), Duration.ofSeconds(1)).up()).isFalse();
    }

    @Test
    void closedPortIsConnectionFailed() throws Exception {
        CheckTarget target = CheckTarget.of("127.0.0.1", HangingServer.closedPort(), LoginOptions.builder().request("/" + BASE).build());

        assertThat(ldap.check(target, TIMEOUT)).isEqualTo(CheckResult.down("Connection failed"));
    }

    @Test
    void silentPeerIsDownWithinTimeout() throws Exception {
        try (HangingServer silent = new HangingServer()) {
            Duration timeout = Duration.ofMillis(600);
            long start = System.nanoTime();

            CheckResult result = ldap.check(CheckTarget.of("127.0.0.1", silent.port(), LoginOptions.builder().request("/" + BASE).build()), timeout);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(300));
            assertThat(result).isEqualTo(CheckResult.down("No answer received"));
        }
    }

    @Test
    void invalidReceiveRegexIsDownWithoutConnecting() {
        CheckResult result = ldap.check(target(open, "ldap", "/" + BASE, o -> o.receive("(unclosed")), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).startsWith("invalid receive regex");
    }
}
