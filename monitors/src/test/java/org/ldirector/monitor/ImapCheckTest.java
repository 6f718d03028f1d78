package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code service=imap} / {@code imaps} against GreenMail's IMAP and IMAPS servers and scripted peers. */
class ImapCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String USER = "checker";
    private static final String PASSWORD = "Imap pa\"55\\never-logged";

    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {
            ServerSetup.IMAP.createCopy("127.0.0.1"), ServerSetup.IMAPS.createCopy("127.0.0.1")}))
            .withPerMethodLifecycle(false);

    private final ImapCheck imap = new ImapCheck(false);
    private final ImapCheck imaps = new ImapCheck(true);

    @BeforeAll
    static void createUser() {
        GREENMAIL.setUser("checker@example.test", USER, PASSWORD);
    }

    private static CheckTarget imap(String login, String password) {
        return CheckTarget.of("127.0.0.1", GREENMAIL.getImap().getPort(), LoginOptions.builder().credentials(login, password).build());
    }

    @Test
    void loginWithRightPasswordIsUp() {
        assertThat(imap.check(imap(USER, PASSWORD), TIMEOUT)).isEqualTo(CheckResult.up("-"));
    }

    @Test
    void wrongPasswordIsDownAndThePasswordIsNotInTheMessage() {
        String wrong = "wr0ng " + PASSWORD;

        CheckResult result = imap.check(imap(USER, wrong), TIMEOUT);

        assertThat(result.up()).isFalse();
        assertThat(result.message()).startsWith("LOGIN: a1 NO").doesNotContain(wrong).doesNotContain(PASSWORD);
    }

    @Test
    void withoutLoginAGreetingIsEnough() {
        assertThat(imap.check(imap("", ""), TIMEOUT)).isEqualTo(CheckResult.up("-"));
    }

    @Test
    void implicitTlsLoginIsUp() {
        CheckTarget target = CheckTarget.of("127.0.0.1", GREENMAIL.getImaps().getPort(), LoginOptions.builder().credentials(USER, PASSWORD).build());

        assertThat(imaps.check(target, TIMEOUT)).isEqualTo(CheckResult.up("-"));
    }

    @Test
    void implicitTlsWrongPasswordIsDown() {
        CheckTarget target = CheckTarget.of("127.0.0.1", GREENMAIL.getImaps().getPort(), LoginOptions.builder().credentials(USER, "nope").build());

        assertThat(imaps.check(target, TIMEOUT).up()).isFalse();
    }

    @Test
    void credentialsAreSentAsQuotedStrings() throws Exception {
        try (LineServer server = new LineServer("* OK IMAP4rev1 ready", line -> line.startsWith("a1")
                ? List.of("* CAPABILITY IMAP4rev1", "a1 OK LOGIN completed") : List.of("* BYE", "a2 OK"))) {
            CheckResult result = imap.check(CheckTarget.of("127.0.0.1", server.port())
                    .withOptions(LoginOptions.builder().credentials("alice", "p\"w\\d x").build()), TIMEOUT);

            assertThat(result.up()).isTrue();
            assertThat(server.awaitReceived(2)).containsExactly("a1 LOGIN \"alice\" \"p\\\"w\\\\d x\"", "a2 LOGOUT");
        }
    }

    @Test
    void nonAsciiPasswordIsSentAsLiteral() throws Exception {
        try (LineServer server = new LineServer("* OK ready", line -> {
            if (line.endsWith("}")) {
                return List.of("+ go ahead");
            }
            return line.startsWith("a2") ? List.of("a2 OK") : List.of("a1 OK welcome");
        })) {
            CheckResult result = imap.check(CheckTarget.of("127.0.0.1", server.port())
                    .withOptions(LoginOptions.builder().credentials("alice", "pässwörd").build()), TIMEOUT);

            assertThat(result.up()).isTrue();
            assertThat(server.awaitReceived(4)).containsExactly("a1 LOGIN {5}", "alice {10}", "pässwörd", "a2 LOGOUT");
        }
    }

    @Test
    void preauthGreetingCountsAsLoggedIn() throws Exception {
        try (LineServer server = new LineServer("* PREAUTH welcome back", line -> List.of("a2 OK"))) {
            CheckResult result = imap.check(CheckTarget.of("127.0.0.1", server.port())
                    .withOptions(LoginOptions.builder().credentials("alice", "x").build()), TIMEOUT);

            assertThat(result.up()).isTrue();
            assertThat(server.awaitReceived(1)).containsExactly("a2 LOGOUT");
        }
    }

    @Test
    void byeGreetingIsDown() throws Exception {
        try (LineServer server = LineServer.greetingOnly("* BYE server shutting down")) {
            assertThat(imap.check(CheckTarget.of("127.0.0.1", server.port()), TIMEOUT))
                    .isEqualTo(CheckResult.down("greeting: * BYE server shutting down"));
        }
    }

    @Test
    void closedPortIsDown() throws Exception {
        assertThat(imaps.check(CheckTarget.of("127.0.0.1", HangingServer.closedPort()), TIMEOUT))
                .isEqualTo(CheckResult.down("Connection refused"));
    }

    @Test
    void silentPeerIsDownWithinTimeout() throws Exception {
        try (HangingServer silent = new HangingServer()) {
            Duration timeout = Duration.ofMillis(500);
            long start = System.nanoTime();

            CheckResult result = imap.check(CheckTarget.of("127.0.0.1", silent.port()), timeout);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(300));
            assertThat(result).isEqualTo(CheckResult.down("timed out after 500ms"));
        }
    }
}
