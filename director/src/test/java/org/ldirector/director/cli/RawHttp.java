package org.ldirector.director.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Raw bytes to a loopback HTTP port, for requests no HTTP client would send. */
final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code request}, returns the response's status line, or "" if the server closed (or reset) without one. */
    static String statusLine(int port, byte[] request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException closedEarly) {
                // the server may close before reading everything: that is an acceptable answer
            }
            try {
                String head = new String(s.getInputStream().readNBytes(200), StandardCharsets.ISO_8859_1);
                return head.lines().findFirst().orElse("");
            } catch (java.net.SocketException reset) {
                return "";
            }
        }
    }

    static String statusLine(int port, String request) throws IOException {
        return statusLine(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }
}
