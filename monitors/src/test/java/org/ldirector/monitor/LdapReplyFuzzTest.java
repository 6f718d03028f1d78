package org.ldirector.monitor;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any byte stream an LDAP server answers {@link LdapCheck}'s bind and search with gets a verdict, in time, with a
 * bounded message: the peer sends the fuzzed bytes at once and half-closes, through a real loopback connection
 * (the BER decoding is UnboundID's, inside the synchronous-mode connection). The check binds anonymously or with
 * a login, with or without a receive regex. The bind is message 1 and the search message 2 on every connection,
 * so the seeds carry real replies. Without {@code JAZZER_FUZZ=1} this replays {@code LdapReplyFuzzTestInputs/}.
 */
class LdapReplyFuzzTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final ScriptedPeer PEER = ScriptedPeer.open();
    private static final LdapCheck LDAP = new LdapCheck(false);

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void reply(FuzzedDataProvider data) {
        FuzzVerdict.allowLoopbackOnly();
        CheckTarget target = CheckTarget.of("127.0.0.1", PEER.port(), LoginOptions.builder().request("/dc=example,dc=com").build());
        if (data.consumeBoolean()) {
            target = target.withOptions(LoginOptions.of(target).toBuilder().credentials("cn=monitor,dc=example,dc=com", "secret").build());
        }
        if (data.consumeBoolean()) {
            target = target.withOptions(LoginOptions.of(target).toBuilder().receive("example").build());
        }
        PEER.onTcp(ScriptedPeer.sendThenDrain(data.consumeRemainingAsBytes()));
        long start = System.nanoTime();
        FuzzVerdict.check(LDAP.check(target, TIMEOUT), start, TIMEOUT);
    }
}
