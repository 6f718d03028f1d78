package org.ldirector.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

import org.ldirector.director.config.Service;
import org.ldirector.director.engine.MonitorFactory;
import org.ldirector.monitor.CheckResult;
import org.ldirector.monitor.CheckTarget;
import org.ldirector.monitor.HttpOptions;
import org.ldirector.monitor.Monitor;
import org.ldirector.monitor.PerlRegex;

/**
 * An experiment, not a monitor for production: the plain-HTTP negotiate check written directly on
 * a blocking {@link Socket} (one connect, one write, read to EOF or Content-Length, close), to
 * measure what the engine could do with a check cheaper than OkHttp's. It covers only what the
 * benchmark exercises: {@code http://<IP literal>:<port>/<request>}, GET, no redirects, no TLS, no
 * virtualhost; the result texts follow {@code HttpCheck}'s ({@code 200 OK}, {@code 500 Timeout Alarm}).
 * Selected with {@code --http-monitor minimal}; the default is the real {@code StandardMonitors}.
 */
final class MinimalHttpCheck implements Monitor {

    private static final int MAX_RESPONSE = 1 << 20;

    @Override
    public CheckResult check(CheckTarget target, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpOptions options = HttpOptions.of(target);
        Pattern receive = options.receive().isEmpty() ? null : PerlRegex.compile(options.receive());
        String path = options.request().startsWith("/") ? options.request() : "/" + options.request();
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + target.hostForUrl() + "\r\nUser-Agent: ldirector-bench"
                + "\r\nConnection: close\r\nAccept-Encoding: identity\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            // The bench only configures IP literals: getByName parses them without DNS.
            s.connect(new InetSocketAddress(InetAddress.getByName(target.host()), target.port()), millisLeft(deadline));
            s.getOutputStream().write(request);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            int len = 0;
            int headerEnd = -1;
            int contentLength = -1;
            while (len < MAX_RESPONSE) {
                s.setSoTimeout(millisLeft(deadline));
                if (len == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, Math.min(MAX_RESPONSE, buf.length * 2));
                }
                int r = in.read(buf, len, buf.length - len);
                if (r < 0) {
                    break;
                }
                len += r;
                if (headerEnd < 0) {
                    headerEnd = indexOf(buf, len);
                    if (headerEnd >= 0) {
                        contentLength = contentLength(new String(buf, 0, headerEnd, StandardCharsets.ISO_8859_1));
                    }
                }
                if (headerEnd >= 0 && contentLength >= 0 && len >= headerEnd + 4 + contentLength) {
                    break;
                }
            }
            if (headerEnd < 0) {
                return CheckResult.down("500 Server closed connection without sending any data back");
            }
            String head = new String(buf, 0, headerEnd, StandardCharsets.ISO_8859_1);
            int eol = head.indexOf("\r\n");
            String statusLine = eol < 0 ? head : head.substring(0, eol);
            String[] parts = statusLine.split(" ", 3);
            int code = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            String status = code + (parts.length > 2 ? " " + parts[2] : "");
            if (code < 200 || code > 299) {
                return CheckResult.down(status);
            }
            if (receive == null) {
                return CheckResult.up(status);
            }
            int bodyLen = contentLength >= 0 ? Math.min(contentLength, len - headerEnd - 4) : len - headerEnd - 4;
            String body = new String(buf, headerEnd + 4, Math.max(0, bodyLen), StandardCharsets.UTF_8);
            return receive.matcher(body).find() ? CheckResult.up(status) : CheckResult.down(body);
        } catch (InterruptedIOException e) {
            return CheckResult.down(Thread.currentThread().isInterrupted() ? "interrupted" : "500 Timeout Alarm");
        } catch (IOException | RuntimeException e) {
            if (System.nanoTime() - deadline >= 0) {
                return CheckResult.down("500 Timeout Alarm");
            }
            return CheckResult.down("500 Can't connect to " + target.hostForUrl() + ":" + target.port() + " (" + e.getMessage()
                    + ")");
        }
    }

    private static int millisLeft(long deadline) throws InterruptedIOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new InterruptedIOException("deadline");
        }
        return (int) Math.max(1, (left + 999_999) / 1_000_000);
    }

    private static int indexOf(byte[] b, int len) {
        for (int i = 0; i + 3 < len; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return -1;
    }

    /** {@link org.ldirector.director.engine.StandardMonitors} with this check for {@code service=http}. */
    static MonitorFactory replacingHttp(MonitorFactory standard) {
        return replacingHttp(standard, new MinimalHttpCheck());
    }

    /** {@code standard} with {@code service=http} checked by {@code http}. */
    static MonitorFactory replacingHttp(MonitorFactory standard, Monitor http) {
        return new MonitorFactory() {
            @Override
            public Monitor negotiate(Service service) {
                return service == Service.HTTP ? http : standard.negotiate(service);
            }

            @Override
            public Monitor connect() {
                return standard.connect();
            }

            @Override
            public Monitor ping(int count) {
                return standard.ping(count);
            }

            @Override
            public Monitor external(String command) {
                return standard.external(command);
            }

            @Override
            public Monitor externalPerl(String command) {
                return standard.externalPerl(command);
            }
        };
    }
}
