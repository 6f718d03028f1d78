package org.ldirector.monitor;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A UDP peer on 127.0.0.1 that answers each datagram with what {@code answer} returns (null: stay
 * silent). Records what it received. {@link #silent()} never answers anything: the backend whose
 * service hangs, with no ICMP error either.
 */
public final class UdpResponder implements AutoCloseable {

    private final DatagramSocket socket;
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private final List<InetSocketAddress> senders = new CopyOnWriteArrayList<>();

    public UdpResponder(Function<byte[], byte[]> answer) throws IOException {
        this(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), answer);
    }

    /** Bound to {@code address} (port 0: any free port). */
    public UdpResponder(InetSocketAddress address, Function<byte[], byte[]> answer) throws IOException {
        socket = new DatagramSocket(address);
        Thread.ofPlatform().daemon().name("udp-responder").start(() -> {
            byte[] buffer = new byte[65535];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (IOException e) {
                    return;
                }
                byte[] request = Arrays.copyOf(packet.getData(), packet.getLength());
                received.add(request);
                senders.add((InetSocketAddress) packet.getSocketAddress());
                byte[] reply = answer.apply(request);
                if (reply != null) {
                    try {
                        socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                    } catch (IOException e) {
                        return;
                    }
                }
            }
        });
    }

    static UdpResponder silent() throws IOException {
        return new UdpResponder(request -> null);
    }

    public int port() {
        return socket.getLocalPort();
    }

    List<byte[]> received() {
        return received;
    }

    List<InetSocketAddress> senders() {
        return senders;
    }

    @Override
    public void close() {
        socket.close();
    }

    /** A UDP port on 127.0.0.1 where nothing listens: datagrams to it draw ICMP port unreachable. */
    static int closedPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            return probe.getLocalPort();
        }
    }
}
