package org.ldirector.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes from the cluster channel decode to a message or an {@link IOException} — never another exception — and
 * cost memory in proportion to their length: a count or length prefix that lies does not allocate what it claims
 * (the seeds {@code huge-*} claim 2^31 entries or removals). Without {@code JAZZER_FUZZ=1} this replays
 * {@code WireFuzzTestInputs/}.
 */
class WireFuzzTest {

    /** readUTF's 64 KiB buffers and the decoder's own objects, whatever the input. */
    private static final long FIXED_ALLOCATION = 1 << 20;
    /** Per input byte: at most one list slot (a reference) and a char for it, with room to spare. */
    private static final long ALLOCATION_PER_BYTE = 64;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void anyBytesAreAMessageOrAnIOException(byte[] input) {
        byte[] framed = new byte[input.length + 7];   // as JGroups hands it over: a message inside a larger array
        System.arraycopy(input, 0, framed, 3, input.length);
        try {
            Wire.Msg msg = Wire.decode(framed, 3, input.length);
            assertThat(msg).isNotNull();
            byte[] again = Wire.encode(msg);
            assertThat(Wire.decode(again, 0, again.length)).isEqualTo(msg);
        } catch (IOException e) {
            assertThat(e).isNotNull();
        }
        // Measured on a second decode, when the classes it needs are loaded (loading allocates on this thread too).
        long thread = Thread.currentThread().threadId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        try {
            Wire.decode(framed, 3, input.length);
        } catch (IOException e) {
            assertThat(e).isNotNull();
        }
        long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
        assertThat(allocated).as("bytes allocated decoding %d bytes", input.length)
                .isLessThanOrEqualTo(FIXED_ALLOCATION + ALLOCATION_PER_BYTE * input.length);
    }
}
