package org.ldirector.director.ipvs.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldirector.director.ipvs.netlink.IpvsRequestsTest.hex;

import java.nio.ByteBuffer;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ldirector.director.ipvs.IpvsCommand;
import org.ldirector.director.ipvs.IpvsadmLine;

/** The answers to a chunk, as the kernel sends them: an NLMSG_ERROR per failed request, then the last request's ACK. */
class BatchAcksTest {

    private static void feed(BatchAcks acks, String hex) {
        NetlinkMessage.split(ByteBuffer.wrap(hex(hex))).forEach(acks::accept);
    }

    @Test
    void errorsComeByTheirSequenceNumberAndTheLastRequestsAckEndsTheChunk() {
        BatchAcks acks = new BatchAcks(3, 4);   // seq 3..6; only 6 was sent with NLM_F_ACK
        feed(acks, """
                24000000 0200 0001 04000000 a0860100   # seq 4 failed (NLM_F_CAPPED)
                fdffffff                               # -ESRCH
                2c000000 2500 0100 04000000 00000000   # (the request's header; its length says 44)
                24000000 0200 0001 63000000 a0860100   # seq 99: another request's answer, ignored
                efffffff
                2c000000 2500 0500 63000000 00000000
                """);
        assertThat(acks.complete()).isFalse();
        feed(acks, """
                24000000 0200 0001 05000000 a0860100   # seq 5 failed
                efffffff                               # -EEXIST
                2c000000 2500 0100 05000000 00000000
                24000000 0200 0001 05000000 a0860100   # seq 5 again: counted once
                fdffffff
                2c000000 2500 0100 05000000 00000000
                """);
        assertThat(acks.complete()).isFalse();
        feed(acks, """
                24000000 0200 0001 06000000 a0860100   # the ACK of seq 6, the last: 3 succeeded unanswered
                00000000
                2c000000 2500 0500 06000000 00000000
                """);
        assertThat(acks.complete()).isTrue();
        assertThat(acks.errors()).isEqualTo(Map.of(1, Errno.ESRCH, 2, Errno.EEXIST));
    }

    @Test
    void aFailedLastRequestEndsTheChunkToo() {
        BatchAcks acks = new BatchAcks(10, 2);
        feed(acks, """
                24000000 0200 0001 0b000000 a0860100   # seq 11, the last, failed
                eaffffff                               # -EINVAL
                2c000000 2500 0500 0b000000 00000000
                """);
        assertThat(acks.complete()).isTrue();
        assertThat(acks.errors()).isEqualTo(Map.of(1, Errno.EINVAL));
    }

    @Test
    void errorTextsSayWhatIpvsadmWouldAndTheErrno() throws Exception {
        IpvsCommand add = IpvsadmLine.parse("-a -t 10.0.0.1:80 -r 10.0.0.2 -g -w 1");
        IpvsCommand edit = IpvsadmLine.parse("-e -t 10.0.0.1:80 -r 10.0.0.2 -g -w 1");
        IpvsCommand addService = IpvsadmLine.parse("-A -t 10.0.0.1:80 -s nosuch");
        assertThat(KernelMessages.text(add, Errno.EEXIST)).isEqualTo("Destination already exists (EEXIST)");
        assertThat(KernelMessages.text(add, Errno.ESRCH)).isEqualTo("Service not defined (ESRCH)");
        assertThat(KernelMessages.text(edit, Errno.ENOENT)).isEqualTo("No such destination (ENOENT)");
        assertThat(KernelMessages.text(addService, Errno.ENOENT))
                .isEqualTo("Scheduler or persistence engine not found (ENOENT)");
        assertThat(KernelMessages.text(add, Errno.EPERM)).isEqualTo("Permission denied (you must be root) (EPERM)");
        assertThat(KernelMessages.text(add, Errno.EINVAL)).startsWith("Invalid operation.").endsWith("(EINVAL)");
        assertThat(KernelMessages.text(add, 95)).isEqualTo("Operation not supported (EOPNOTSUPP)");
    }
}
