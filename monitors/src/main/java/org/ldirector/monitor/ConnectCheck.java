package org.ldirector.monitor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * {@code checktype=connect} (ldirectord's {@code _check_real}): a TCP connect to the check port within the
 * timeout, closed at once. UP iff the connect succeeds. Nothing is sent or read.
 *
 * <p>For UDP virtual services ldirectord runs the ping check instead; that dispatch belongs to the
 * director, this class always speaks TCP.
 */
public final class ConnectCheck implements Monitor {

    public ConnectCheck() {
    }

    @Override
    public CheckResult check(CheckTarget target, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        if (target.port() == 0) {
            return CheckResult.down("no check port");
        }
        try {
            InetAddress address = HostLookup.resolve(target.host(), deadline);
            int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, deadline.remainingMillis()));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, target.port()), millis);
            }
            return CheckResult.up("-");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.down("interrupted");
        } catch (SocketTimeoutException e) {
            return CheckResult.down("timed out after " + Deadline.format(timeout));
        } catch (UnknownHostException e) {
            return CheckResult.down(String.valueOf(e.getMessage()));
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return CheckResult.down("interrupted");
            }
            return CheckResult.down(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }
}
