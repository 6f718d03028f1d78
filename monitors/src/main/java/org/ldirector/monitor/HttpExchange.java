package org.ldirector.monitor;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import okhttp3.MediaType;

/**
 * One {@link NonBlockingHttpCheck}: sends the plan's request, reads the status line and headers,
 * then as much of the body as the verdict needs (identity, {@code Content-Length} or chunked, at
 * most {@link HttpCheck#MAX_BODY_BYTES}), and judges it as {@link HttpCheck} does, with its
 * messages. A redirect with a {@code Location} is followed by {@link HttpCheck#followRedirect}
 * from there; what HttpCheck would read differently (a 1xx, a status line or chunk header OkHttp
 * rejects with its own words, a huge head) is checked again by HttpCheck with the time that is left.
 */
final class HttpExchange extends Exchange {

    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final CheckResult CLOSED =
            CheckResult.down("500 Server closed connection without sending any data back");
    private static final CheckResult TIMEOUT = CheckResult.down("500 Timeout Alarm");
    /** The status lines judged here; any other (OkHttp's "Unexpected status line", ICY, ...) goes to HttpCheck. */
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] [0-9]{3}( .*)?");

    private enum Body { IDENTITY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, DONE }

    private final NonBlockingHttpCheck.Plan plan;
    private final HttpCheck okhttp;
    private final CheckTarget target;

    private byte[] head = new byte[512];
    private int headLength;
    private boolean headDone;
    private String statusLine;
    private Charset charset = StandardCharsets.UTF_8;
    /** Body bytes still to come for Content-Length; -1: until the end (or chunked). */
    private long remaining = -1;
    private Body body = Body.IDENTITY;
    private byte[] bodyBytes;
    private int bodyLength;
    private long chunkLeft;
    private final StringBuilder line = new StringBuilder();

    /** @param request the plan's request bytes, at position 0 (a recurring check reuses one buffer) */
    HttpExchange(Exchange.Outcome outcome, NonBlockingHttpCheck.Plan plan, ByteBuffer request, long deadlineNanos,
                 HttpCheck okhttp, CheckTarget target) {
        super(outcome, plan.address(), request, deadlineNanos);
        this.plan = plan;
        this.okhttp = okhttp;
        this.target = target;
    }

    @Override
    CheckResult connected() {
        return null;
    }

    @Override
    CheckResult received(ByteBuffer data) {
        if (!headDone) {
            int n = data.remaining();
            if (headLength + n > head.length) {
                if (headLength + n > MAX_HEAD_BYTES + 64 * 1024) {
                    return handOff();
                }
                head = Arrays.copyOf(head, Math.max(head.length * 2, headLength + n));
            }
            data.get(head, headLength, n);
            int from = Math.max(0, headLength - 3);
            headLength += n;
            int end = headEnd(from);
            if (end < 0) {
                return headLength > MAX_HEAD_BYTES ? handOff() : null;
            }
            headDone = true;
            CheckResult verdict = judgeHead(end);
            if (verdict != null) {
                return verdict;
            }
            return feed(head, end, headLength - end);
        }
        int n = data.remaining();
        byte[] chunk = new byte[n];
        data.get(chunk);
        return feed(chunk, 0, n);
    }

    /** The offset just past the blank line that ends the head, or -1. Lines end with LF, CR optional (as OkHttp reads them). */
    private int headEnd(int from) {
        for (int i = from; i < headLength; i++) {
            if (head[i] == '\n') {
                if (i + 1 < headLength && head[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < headLength && head[i + 1] == '\r' && head[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /** The verdict the head alone gives, or null when the body decides (then the body mode is set). */
    private CheckResult judgeHead(int end) {
        // Lines end with LF, a CR before it dropped (as OkHttp reads them); read in place: only the
        // status line and the values of the four headers that matter become Strings.
        int lineEnd = lineEnd(0, end);
        String status = text(0, contentEnd(0, lineEnd));
        if (!STATUS.matcher(status).matches()) {
            return handOff(); // OkHttp's "Unexpected status line" and friends: its words
        }
        int code = Integer.parseInt(status.substring(9, 12));
        String reason = status.length() > 13 ? status.substring(13) : "";
        if (code < 200) {
            return handOff();
        }
        String location = null;
        String contentType = null;
        boolean chunked = false;
        long length = -1;
        for (int from = lineEnd + 1; from < end; from = lineEnd + 1) {
            lineEnd = lineEnd(from, end);
            int to = contentEnd(from, lineEnd);
            int colon = indexOf(':', from, to);
            if (colon <= from) {
                continue;
            }
            Header h = Header.named(head, from, colon);
            if (h == null) {
                continue;
            }
            String value = okhttpTrim(text(colon + 1, to));
            switch (h) {
                case LOCATION -> location = value;
                case CONTENT_TYPE -> contentType = value;
                case TRANSFER_ENCODING -> chunked = value.equalsIgnoreCase("chunked");
                case CONTENT_LENGTH -> length = parseLength(value);
            }
        }
        statusLine = StatusLine.of(code, reason);
        if (isRedirect(code) && location != null) {
            String to = location;
            String line0 = statusLine;
            return handOff((t, remaining) -> okhttp.followRedirect(t, remaining, to, line0)); // LWP's max_redirect
        }
        if (code >= 300) {
            return CheckResult.down(statusLine);
        }
        if (plan.receive() == null) {
            return CheckResult.up(statusLine);
        }
        if (contentType != null && contentType.indexOf(';') >= 0) {   // without parameters, no charset: UTF-8
            MediaType type = MediaType.parse(contentType);
            charset = type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
        }
        bodyBytes = new byte[256];
        if (plan.head() || code == 204 || code == 205 || (!chunked && length == 0)) {
            return verdict();
        }
        if (chunked) {
            body = Body.CHUNK_SIZE;
        } else {
            remaining = length;
        }
        return null;
    }

    /** The headers the verdict reads. */
    private enum Header {
        LOCATION("location"), CONTENT_TYPE("content-type"), TRANSFER_ENCODING("transfer-encoding"),
        CONTENT_LENGTH("content-length");

        private final byte[] name;

        Header(String name) {
            this.name = name.getBytes(StandardCharsets.US_ASCII);
        }

        /**
         * The header whose name is {@code b[from, to)} in any case, else null. As OkHttp's lenient
         * reader takes a line: the name is what comes before the colon, blanks included (a line
         * {@code " Content-Length: 3"} is not a Content-Length).
         */
        static Header named(byte[] b, int from, int to) {
            for (Header h : VALUES) {
                if (h.name.length == to - from && h.matches(b, from)) {
                    return h;
                }
            }
            return null;
        }

        private boolean matches(byte[] b, int from) {
            for (int i = 0; i < name.length; i++) {
                int c = b[from + i];
                if (c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                if (c != name[i]) {
                    return false;
                }
            }
            return true;
        }

        private static final Header[] VALUES = values();
    }

    /** The index of the LF that ends the line starting at {@code from}, or {@code end}. */
    private int lineEnd(int from, int end) {
        int i = from;
        while (i < end && head[i] != '\n') {
            i++;
        }
        return i;
    }

    /** The end of a line's content: before the CR of a CR LF. */
    private int contentEnd(int from, int lineEnd) {
        return lineEnd > from && lineEnd < headLength && head[lineEnd] == '\n' && head[lineEnd - 1] == '\r'
                ? lineEnd - 1 : lineEnd;
    }

    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (head[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Kotlin's {@code trim()}, which OkHttp applies to header values: Unicode blanks at both ends. */
    private static String okhttpTrim(String v) {
        int from = 0;
        int to = v.length();
        while (from < to && isKotlinWhitespace(v.charAt(from))) {
            from++;
        }
        while (to > from && isKotlinWhitespace(v.charAt(to - 1))) {
            to--;
        }
        return v.substring(from, to);
    }

    private static boolean isKotlinWhitespace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private String text(int from, int to) {
        return new String(head, from, to - from, StandardCharsets.UTF_8);
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    /** Body bytes from the wire; a verdict once enough has come. */
    private CheckResult feed(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            switch (body) {
                case IDENTITY -> {
                    int take = (int) (remaining >= 0 ? Math.min(remaining, end - i) : end - i);
                    keep(b, i, take);
                    i += take;
                    if (remaining >= 0) {
                        remaining -= take;
                        if (remaining == 0) {
                            return verdict();
                        }
                    }
                }
                case CHUNK_DATA -> {
                    int take = (int) Math.min(chunkLeft, end - i);
                    keep(b, i, take);
                    i += take;
                    chunkLeft -= take;
                    if (chunkLeft == 0) {
                        body = Body.CHUNK_END;
                    }
                }
                case CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                    byte c = b[i++];
                    if (c != '\n') {
                        line.append((char) (c & 0xff));
                        if (line.length() > 8192) {
                            return handOff();
                        }
                        continue;
                    }
                    String text = line.toString().strip();
                    line.setLength(0);
                    CheckResult r = chunkLine(text);
                    if (r != null) {
                        return r;
                    }
                }
                case DONE -> {
                    return verdict();
                }
            }
            if (bodyLength >= HttpCheck.MAX_BODY_BYTES) {
                return verdict();
            }
        }
        return body == Body.DONE || bodyLength >= HttpCheck.MAX_BODY_BYTES ? verdict() : null;
    }

    /** One line of chunk framing (size, the CRLF after data, a trailer); a verdict when the body is complete. */
    private CheckResult chunkLine(String text) {
        switch (body) {
            case CHUNK_END -> {
                if (!text.isEmpty()) {
                    return handOff();
                }
                body = Body.CHUNK_SIZE;
            }
            case CHUNK_SIZE -> {
                int semi = text.indexOf(';');
                String hex = semi >= 0 ? text.substring(0, semi).strip() : text;
                try {
                    chunkLeft = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    return handOff();
                }
                if (chunkLeft < 0) {
                    return handOff();
                }
                body = chunkLeft == 0 ? Body.TRAILERS : Body.CHUNK_DATA;
            }
            case TRAILERS -> {
                if (text.isEmpty()) {
                    body = Body.DONE;
                    return verdict();
                }
            }
            default -> throw new IllegalStateException("not a framing line in " + body);
        }
        return null;
    }

    private void keep(byte[] b, int off, int len) {
        int take = Math.min(len, HttpCheck.MAX_BODY_BYTES - bodyLength);
        if (take <= 0) {
            return;
        }
        if (bodyLength + take > bodyBytes.length) {
            bodyBytes = Arrays.copyOf(bodyBytes, Math.min(HttpCheck.MAX_BODY_BYTES,
                    Math.max(bodyBytes.length * 2, bodyLength + take)));
        }
        System.arraycopy(b, off, bodyBytes, bodyLength, take);
        bodyLength += take;
    }

    private CheckResult verdict() {
        String text = new String(bodyBytes, 0, bodyLength, charset);
        return plan.receive().matcher(text).find() ? CheckResult.up(statusLine) : CheckResult.down(text);
    }

    @Override
    CheckResult ended() {
        if (!headDone) {
            return CLOSED; // OkHttp: "unexpected end of stream"
        }
        if (body == Body.IDENTITY && remaining < 0) {
            return verdict(); // no length: the body ends with the connection
        }
        if (bodyLength >= HttpCheck.MAX_BODY_BYTES) {
            return verdict();
        }
        return CLOSED; // short Content-Length or chunked body: OkHttp's "unexpected end of stream" too
    }

    @Override
    CheckResult failed(IOException e, boolean connecting) {
        String reason = Failures.describe(e);
        if (connecting || e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return CheckResult.down("500 Can't connect to " + target.hostForUrl() + ":" + target.port() + " (" + reason + ")");
        }
        return CheckResult.down("500 " + reason);
    }

    @Override
    CheckResult timedOut(boolean connecting) {
        return TIMEOUT;
    }

    private CheckResult handOff() {
        return handOff(okhttp);
    }

    /** Lets {@code monitor} finish the check on a thread of its own, with the time that is left. */
    private CheckResult handOff(Monitor monitor) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return TIMEOUT;
        }
        if (outcome instanceof OneOff future) {
            Handoff.into(future, monitor, target, Duration.ofNanos(left)); // its cancel interrupts the thread
        } else {
            CompletableFuture<CheckResult> done = new CompletableFuture<>();
            Handoff.into(done, monitor, target, Duration.ofNanos(left));
            done.thenAccept(r -> outcome.deliver(this, r));
        }
        return HANDED_OFF;
    }
}
