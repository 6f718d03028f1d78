package org.ldirector.monitor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any byte stream a line-based server (SMTP, POP3, IMAP, NNTP, simpletcp) answers with gets a verdict, in time,
 * with a bounded message: the checks read it through {@link TextConnection} from a real loopback connection; the
 * peer sends the fuzzed bytes at once and half-closes. Without {@code JAZZER_FUZZ=1} this replays
 * {@code MailReplyFuzzTestInputs/}.
 */
class MailReplyFuzzTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final ScriptedPeer PEER = ScriptedPeer.open();
    private static final List<Monitor> CHECKS =
            List.of(new SmtpCheck(), new Pop3Check(false), new ImapCheck(false), new NntpCheck(), new SimpleTcpCheck());

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void reply(FuzzedDataProvider data) {
        FuzzVerdict.allowLoopbackOnly();
        Monitor check = CHECKS.get(data.consumeInt(0, CHECKS.size() - 1));
        CheckTarget target = CheckTarget.of("127.0.0.1", PEER.port(), LoginOptions.builder().request("/HELLO").receive("^OK").credentials("monitor", "secret").build());
        PEER.onTcp(ScriptedPeer.sendThenDrain(data.consumeRemainingAsBytes()));
        long start = System.nanoTime();
        FuzzVerdict.check(check.check(target, TIMEOUT), start, TIMEOUT);
    }
}
