package org.ldirector.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.UnaryOperator;

/**
 * A peer on 127.0.0.1, TCP and UDP on the same port, that says what it is told to (the fuzz targets' backend):
 * every TCP connection is handed to the current {@link TcpScript}, every datagram gets the current UDP reply.
 * Scripts are swapped between inputs; a connection keeps the script it was accepted with.
 */
final class ScriptedPeer implements AutoCloseable {

    /** What the peer does with one accepted connection (it is closed afterwards). */
    @FunctionalInterface
    interface TcpScript {
        void serve(Socket socket) throws IOException;
    }

    private final ServerSocket tcp;
    private final DatagramSocket udp;
    private volatile TcpScript tcpScript = socket -> { };
    private volatile UnaryOperator<byte[]> udpScript = request -> null;

    ScriptedPeer() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        ServerSocket boundTcp = null;
        DatagramSocket boundUdp = null;
        for (int attempt = 0; attempt < 20 && boundUdp == null; attempt++) {
            boundTcp = new ServerSocket(0, 200, loopback);
            try {
                boundUdp = new DatagramSocket(new InetSocketAddress(loopback, boundTcp.getLocalPort()));
            } catch (IOException taken) {
                boundTcp.close();
            }
        }
        if (boundUdp == null) {
            throw new IOException("no port free for both TCP and UDP on 127.0.0.1");
        }
        tcp = boundTcp;
        udp = boundUdp;
        Thread.ofPlatform().daemon().name("scripted-peer-tcp").start(this::acceptLoop);
        Thread.ofPlatform().daemon().name("scripted-peer-udp").start(this::udpLoop);
    }

    /** A peer for a fuzz target's static field. */
    static ScriptedPeer open() {
        try {
            return new ScriptedPeer();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    int port() {
        return tcp.getLocalPort();
    }

    /** From now on: every connection gets {@code script}. */
    void onTcp(TcpScript script) {
        tcpScript = script;
    }

    /** From now on: every datagram gets {@code script}'s answer to it (null: none). */
    void onUdp(UnaryOperator<byte[]> script) {
        udpScript = script;
    }

    /** A script that sends {@code bytes} at once, half-closes, and reads what the client sends until it closes. */
    static TcpScript sendThenDrain(byte[] bytes) {
        return socket -> {
            socket.getOutputStream().write(bytes);
            socket.shutdownOutput();
            drain(socket);
        };
    }

    /** Reads and drops what the client sends until it closes (at most 5 s). */
    static void drain(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[4096];
        while (in.read(sink) >= 0) {
            // dropped
        }
    }

    private void acceptLoop() {
        while (!tcp.isClosed()) {
            Socket socket;
            try {
                socket = tcp.accept();
            } catch (IOException e) {
                return;
            }
            TcpScript script = tcpScript;
            Thread.ofVirtual().name("scripted-peer-connection").start(() -> {
                try (socket) {
                    script.serve(socket);
                } catch (IOException e) {
                    // the client went away first: part of the game
                }
            });
        }
    }

    private void udpLoop() {
        byte[] buffer = new byte[65535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                byte[] request = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                byte[] reply = udpScript.apply(request);
                if (reply != null) {
                    udp.send(new DatagramPacket(reply, Math.min(reply.length, 65507), packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (udp.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        tcp.close();
        udp.close();
    }
}
