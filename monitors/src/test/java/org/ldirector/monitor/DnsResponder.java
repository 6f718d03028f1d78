package org.ldirector.monitor;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A tiny authoritative name server built with dnsjava, on 127.0.0.1 with UDP and TCP on the same
 * port. Answers from a fixed list of records (NXDOMAIN for names it does not know) and records
 * every question and the transport it came over. With {@code truncateUdp} every UDP answer is an
 * empty one with the TC bit set, so a client has to ask again over TCP.
 */
public final class DnsResponder implements AutoCloseable {

    record Asked(String transport, Record question) {
    }

    private final List<Record> zone;
    private final boolean truncateUdp;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final List<Asked> asked = new CopyOnWriteArrayList<>();

    DnsResponder(List<Record> zone, boolean truncateUdp) throws IOException {
        this(InetAddress.getByName("127.0.0.1"), 0, zone, truncateUdp);
    }

    /** On {@code address}:{@code port}, UDP and TCP (port 0: any port free for both). */
    public DnsResponder(InetAddress address, int port, List<Record> zone, boolean truncateUdp) throws IOException {
        this.zone = List.copyOf(zone);
        this.truncateUdp = truncateUdp;
        DatagramSocket boundUdp = null;
        ServerSocket boundTcp = null;
        for (int attempt = 0; attempt < 20 && boundTcp == null; attempt++) {
            boundUdp = new DatagramSocket(new InetSocketAddress(address, port));
            try {
                boundTcp = new ServerSocket(boundUdp.getLocalPort(), 10, address);
            } catch (IOException taken) {
                boundUdp.close();
            }
        }
        if (boundTcp == null) {
            throw new IOException("no port free for both UDP and TCP on " + address.getHostAddress());
        }
        udp = boundUdp;
        tcp = boundTcp;
        Thread.ofPlatform().daemon().name("dns-udp").start(this::serveUdp);
        Thread.ofPlatform().daemon().name("dns-tcp").start(this::serveTcp);
    }

    public int port() {
        return udp.getLocalPort();
    }

    List<Asked> asked() {
        return asked;
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(buffer, packet.getLength()));
                asked.add(new Asked("udp", query.getQuestion()));
                Message answer = answer(query);
                if (truncateUdp) {
                    answer = reply(query, Rcode.NOERROR);
                    answer.getHeader().setFlag(Flags.TC);
                }
                byte[] wire = answer.toWire();
                udp.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (udp.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket socket = tcp.accept();
                Thread.ofVirtual().start(() -> serveConnection(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveConnection(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                byte[] wire = new byte[in.readUnsignedShort()];
                in.readFully(wire);
                Message query = new Message(wire);
                asked.add(new Asked("tcp", query.getQuestion()));
                byte[] answer = answer(query).toWire();
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // client done
        }
    }

    private Message answer(Message query) {
        Record question = query.getQuestion();
        boolean known = zone.stream().anyMatch(r -> r.getName().equals(question.getName()));
        Message answer = reply(query, known ? Rcode.NOERROR : Rcode.NXDOMAIN);
        zone.stream()
                .filter(r -> r.getName().equals(question.getName()) && r.getType() == question.getType())
                .forEach(r -> answer.addRecord(r, Section.ANSWER));
        return answer;
    }

    private static Message reply(Message query, int rcode) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            reply.getHeader().setFlag(Flags.RD);
        }
        reply.getHeader().setRcode(rcode);
        reply.addRecord(query.getQuestion(), Section.QUESTION);
        return reply;
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }
}
