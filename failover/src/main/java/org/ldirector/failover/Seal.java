package org.ldirector.failover;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;

/**
 * Integrity, confidentiality and freshness of every cluster message, directly above the transport (in place of
 * SYM_ENCRYPT, whose AES/CBC had no MAC and no replay window). SERIALIZE above turns each message, headers
 * included, into bytes; this layer seals them with AES-256-GCM:
 *
 * <pre>
 * version(1) | nonce(12, random) | GCM( epoch(8) | sequence(8) | serialized message ) with its 16-byte tag
 * </pre>
 *
 * The epoch is random per start of a node; the sequence counts its messages. A receiver keeps, per epoch, the
 * highest sequence seen and a {@link #WINDOW}-message window, and drops a message seen before or older than the
 * window: a replayed heartbeat of a dead director (failure detection sits below JGroups' duplicate filters) no
 * longer keeps it alive. A message whose tag does not verify (flipped bits, another key) is dropped. Drops are
 * counted and logged (the first, then at most one line a minute).
 */
final class Seal extends Protocol {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    static final byte VERSION = 1;
    static final int WINDOW = 1024;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_EPOCHS = 1024;
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();
    private final long epoch = random.nextLong();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<Long, Window> windows = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Window> eldest) {
            return size() > MAX_EPOCHS;
        }
    };
    private final AtomicLong unauthentic = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    Seal(SecretKey key) {
        this.key = key;
    }

    /** Messages dropped because their tag did not verify: tampered, truncated, or sealed with another key. */
    long unauthentic() {
        return unauthentic.get();
    }

    /** Messages dropped as seen before or too old for their sender's window. */
    long replayed() {
        return replayed.get();
    }

    @Override
    public Object down(Message msg) {
        try {
            return down_prot.down(sealed(msg));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Object up(Message msg) {
        Message open = open(msg);
        return open == null ? null : up_prot.up(open);
    }

    @Override
    public void up(MessageBatch batch) {
        for (Iterator<Message> it = batch.iterator(); it.hasNext(); ) {
            if (open(it.next()) == null) {
                it.remove();
            }
        }
        if (!batch.isEmpty()) {
            up_prot.up(batch);
        }
    }

    private Message sealed(Message msg) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        int len = msg.getLength();
        ByteBuffer plain = ByteBuffer.allocate(16 + len).putLong(epoch).putLong(sequence.incrementAndGet());
        if (len > 0) {
            plain.put(msg.getArray(), msg.getOffset(), len);
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(new byte[] {VERSION});
        byte[] out = new byte[1 + NONCE + c.getOutputSize(plain.capacity())];
        out[0] = VERSION;
        System.arraycopy(nonce, 0, out, 1, NONCE);
        c.doFinal(plain.array(), 0, plain.capacity(), out, 1 + NONCE);
        Message copy = msg.copy(false, true);
        copy.setArray(out, 0, out.length);
        return copy;
    }

    /** The message with its payload opened in place, or null (dropped and counted). */
    private Message open(Message msg) {
        byte[] buf = msg.getArray();
        int off = msg.getOffset();
        int len = msg.getLength();
        if (buf == null || len < 1 + NONCE + 16 + TAG_BITS / 8 || buf[off] != VERSION) {
            drop(unauthentic, "failed authentication (tampered, or sent with another authkeys key)");
            return null;
        }
        byte[] plain;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, buf, off + 1, NONCE));
            c.updateAAD(buf, off, 1);
            plain = c.doFinal(buf, off + 1 + NONCE, len - 1 - NONCE);
        } catch (AEADBadTagException e) {
            drop(unauthentic, "failed authentication (tampered, or sent with another authkeys key)");
            return null;
        } catch (GeneralSecurityException e) {
            drop(unauthentic, "could not be decrypted (" + e.getMessage() + ")");
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(plain);
        long senderEpoch = b.getLong();
        long seq = b.getLong();
        if (!fresh(senderEpoch, seq)) {
            drop(replayed, "were replayed (seen before, or older than the sender's window)");
            return null;
        }
        msg.setArray(plain, 16, plain.length - 16);
        return msg;
    }

    private boolean fresh(long senderEpoch, long seq) {
        synchronized (windows) {
            return windows.computeIfAbsent(senderEpoch, e -> new Window()).accept(seq);
        }
    }

    private void drop(AtomicLong counter, String why) {
        long n = counter.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            LOG.warn("Dropped cluster messages that {}: {} so far", why, n);
        }
    }

    /** A sliding window over one sender epoch's sequence numbers (as IPsec's anti-replay window). */
    static final class Window {
        private long highest;
        private final long[] seen = new long[WINDOW / 64];

        boolean accept(long seq) {
            if (seq <= 0) {
                return false;
            }
            if (seq > highest) {
                long shift = seq - highest;
                if (shift >= WINDOW) {
                    java.util.Arrays.fill(seen, 0);
                } else {
                    for (long s = highest + 1; s < seq; s++) {
                        clear(s);
                    }
                }
                highest = seq;
                set(seq);
                return true;
            }
            if (highest - seq >= WINDOW || isSet(seq)) {
                return false;
            }
            set(seq);
            return true;
        }

        private void set(long s) {
            int i = (int) (s % WINDOW);
            seen[i >>> 6] |= 1L << (i & 63);
        }

        private void clear(long s) {
            int i = (int) (s % WINDOW);
            seen[i >>> 6] &= ~(1L << (i & 63));
        }

        private boolean isSet(long s) {
            int i = (int) (s % WINDOW);
            return (seen[i >>> 6] & (1L << (i & 63))) != 0;
        }
    }
}
