package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code service=pop} / {@code pops} against GreenMail's POP3 and POP3S servers and scripted peers. */
class Pop3CheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String USER = "checker";
    private static final String PASSWORD = "Pop-pa55-never-logged";

    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {
            ServerSetup.POP3.createCopy("127.0.0.1"), ServerSetup.POP3S.createCopy("127.0.0.1")}))
            .withPerMethodLifecycle(false);

    private final Pop3Check pop = new Pop3Check(false);
    private final Pop3Check pops = new Pop3Check(true);

    @BeforeAll
    static void createUser() {
        GREENMAIL.setUser("checker@example.test", USER, PASSWORD);
    }

    private static CheckTarget pop3(String login, String password) {
        return CheckTarget.of("127.0.0.1", GREENMAIL.getPop3().getPort(), LoginOptions.builder().credentials(login, password).build());
    }

    private static CheckTarget pop3s(String login, String password) {
        return CheckTarget.of("127.0.0.1", GREENMAIL.getPop3s().getPort(), LoginOptions.builder().credentials(login, password).build());
    }

    @Test
    void loginWithRightPasswordIsUp() {
        assertThat(pop.check(pop3(USER, PASSWORD), TIMEOUT)).isEqualTo(CheckResult.up("-"));
    }

    @Test
    void wrongPasswordIsDownAndThePasswordIsNotInTheMessage() {
        String wrong = "wr0ng-" + PASSWORD;

        CheckResult result = pop.check(pop3(USER, wrong), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).startsWith("PASS: -ERR").doesNotContain(wrong).doesNotContain(PASSWORD);
    }

    @Test
    void withoutLoginAGreetingIsEnough() {
        assertThat(pop.check(pop3("", ""), TIMEOUT)).isEqualTo(CheckResult.up("-"));
    }

    @Test
    void withoutLoginAnUnreachableServerIsDown() throws Exception {
        // ldirectord was UP here: Mail::POP3Client's constructor never fails.
        CheckResult result = pop.check(CheckTarget.of("127.0.0.1", HangingServer.closedPort()), TIMEOUT);

        assertThat(result).isEqualTo(CheckResult.down("Connection refused"));
    }

    @Test
    void implicitTlsLoginIsUp() {
        assertThat(pops.check(pop3s(USER, PASSWORD), TIMEOUT)).isEqualTo(CheckResult.up("-"));
    }

    @Test
    void implicitTlsWrongPasswordIsDown() {
        assertThat(pops.check(pop3s(USER, "nope"), TIMEOUT).up()).isFalse();
    }

    @Test
    void plainCheckAgainstTlsPortIsDown() {
        assertThat(pop.check(pop3s(USER, PASSWORD), Duration.ofSeconds(1)).up()).isFalse();
    }

    @Test
    void tlsCheckAgainstPlainPortIsDown() {
        assertThat(pops.check(pop3(USER, PASSWORD), Duration.ofSeconds(1)).up()).isFalse();
    }

    @Test
    void sendsUserPassQuit() throws Exception {
        try (LineServer server = new LineServer("+OK POP3 ready", line -> List.of("+OK"))) {
            pop.check(CheckTarget.of("127.0.0.1", server.port(), LoginOptions.builder().credentials("alice", "s3cret").build()), TIMEOUT);

            assertThat(server.awaitReceived(3)).containsExactly("USER alice", "PASS s3cret", "QUIT");
        }
    }

    @Test
    void negativeGreetingIsDown() throws Exception {
        try (LineServer server = LineServer.greetingOnly("-ERR too many connections")) {
            assertThat(pop.check(CheckTarget.of("127.0.0.1", server.port()), TIMEOUT))
                    .isEqualTo(CheckResult.down("greeting: -ERR too many connections"));
        }
    }

    @Test
    void unknownUserIsDownAtUser() throws Exception {
        try (LineServer server = new LineServer("+OK POP3 ready", line -> line.startsWith("USER")
                ? List.of("-ERR no such user") : List.of("+OK"))) {
            assertThat(pop.check(CheckTarget.of("127.0.0.1", server.port(), LoginOptions.builder().credentials("bob", "x").build()), TIMEOUT))
                    .isEqualTo(CheckResult.down("USER: -ERR no such user"));
        }
    }

    @Test
    void silentPeerIsDownWithinTimeout() throws Exception {
        try (HangingServer silent = new HangingServer()) {
            Duration timeout = Duration.ofMillis(500);
            long start = System.nanoTime();

            CheckResult result = pops.check(CheckTarget.of("127.0.0.1", silent.port()), timeout);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(300));
            assertThat(result).isEqualTo(CheckResult.down("timed out after 500ms"));
        }
    }
}
