package org.ldirector.failover;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

import org.jgroups.Version;
import org.jgroups.stack.IpAddress;
import org.jgroups.util.ByteArrayDataOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ldirector.failover.heartbeat.FailoverConfig;

/**
 * A raw client that is not a director floods the cluster port (issue 12, "before authentication"): from an address
 * ha.cf does not list (127.0.0.2; the directors are on 127.0.0.1) every connection is closed at accept; from a
 * listed address, at most {@link PeerGate#MAX_PER_PEER} connections are let in at a time, and a valid JGroups
 * handshake followed by a huge length prefix is cut off by {@code max_length} before anything is allocated. The
 * heap does not grow, the views do not change and the active stays active.
 */
class ClusterPortFloodTest {

    private static final int HUGE = 20 * 1024 * 1024;

    private final FakeNetwork net = new FakeNetwork();
    @RegisterExtension
    final RunningClusters clusters = new RunningClusters();
    private final List<Socket> attack = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Socket s : attack) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    @Test
    void aFloodOfConnectionsAndHugeLengthsChangesNothing() throws Exception {
        List<InetSocketAddress> ports = TestClusters.freePorts(2);
        FailoverConfig cfg = TestClusters.config(List.of("node1", "node2"), "node1", true, List.of(), "s3cret",
                TestClusters.FAST);
        DirectorCluster a = clusters.start(TestClusters.node(cfg, "node1", ports, 0, net));
        DirectorCluster b = clusters.start(TestClusters.node(cfg, "node2", ports, 1, net));
        await().atMost(10, SECONDS).until(() -> a.role() == Role.ACTIVE && b.channel().getView().size() == 2);
        Thread.sleep(500);
        var viewA = a.channel().getView().getViewId();
        var viewB = b.channel().getView().getViewId();
        long heapBefore = usedHeapAfterGc();
        PeerGate gate = (PeerGate) a.channel().getProtocolStack().getTransport().getSocketFactory();
        InetSocketAddress target = ports.get(0);

        // Not listed in ha.cf: 200 connections, each with a huge length prefix.
        int connected = 0;
        for (int i = 0; i < 200; i++) {
            Socket s = new Socket();
            attack.add(s);
            try {
                s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                s.connect(target, 2000);
                connected++;
                new DataOutputStream(s.getOutputStream()).writeInt(HUGE);
            } catch (SocketException e) {
                // reset by the gate already
            }
        }
        int accepted = connected;
        assertThat(accepted).isGreaterThan(100);
        await().atMost(5, SECONDS).until(() -> gate.refusedNotListed() >= accepted);

        // From a listed address (as a stolen or spoofed director address would be): 40 connections that complete
        // JGroups' handshake (each as another peer) and then stay idle: only a few are let in.
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Socket s = new Socket();
            attack.add(s);
            try {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                s.connect(target, 2000);
                s.setSoTimeout(300);
                s.getOutputStream().write(handshake(2000 + i));
                idle.add(s);
            } catch (SocketException e) {
                // refused by the gate
            }
        }
        await().atMost(5, SECONDS).until(() -> gate.refusedTooMany() > 0);
        assertThat(idle.stream().filter(s -> !closedByServer(s)).count()).as("idle connections let in")
                .isLessThanOrEqualTo(PeerGate.MAX_PER_PEER);
        for (Socket s : idle) {
            s.close();
        }
        Thread.sleep(500); // the server sees them close and frees their slots

        // Then a valid handshake and a length prefix of 20 MB, on 40 connections: cut off by max_length.
        List<Socket> listed = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Socket s = new Socket();
            attack.add(s);
            try {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                s.connect(target, 2000);
                listed.add(s);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.write(handshake(3000 + i));
                out.writeInt(HUGE);
                out.write(new byte[1000]);
                out.flush();
            } catch (SocketException e) {
                // refused by the gate
            }
        }
        assertThat(listed.size()).isGreaterThan(PeerGate.MAX_PER_PEER);
        for (Socket s : listed) {
            s.setSoTimeout(5000);
            assertThat(closedByServer(s)).as("every listed connection is closed by the server").isTrue();
        }

        assertThat(usedHeapAfterGc() - heapBefore).as("heap growth").isLessThan(30L * 1024 * 1024);
        Thread.sleep(1500); // more than deadtime: a heartbeat lost to the flood would show as a view change
        assertThat(a.channel().getView().getViewId()).isEqualTo(viewA);
        assertThat(b.channel().getView().getViewId()).isEqualTo(viewB);
        assertThat(a.role()).isEqualTo(Role.ACTIVE);
        assertThat(b.role()).isEqualTo(Role.STANDBY);
        assertThat(net.log.stream().filter(l -> l.startsWith("node2 add")).count()).isZero();
    }

    /** What JGroups' TcpConnection sends first: cookie, version, address. */
    static byte[] handshake(int port) throws Exception {
        IpAddress self = new IpAddress("127.0.0.1", port);
        ByteArrayDataOutputStream out = new ByteArrayDataOutputStream(64);
        out.write(new byte[] {'b', 'e', 'l', 'a'});
        out.writeShort(Version.version);
        out.writeShort(self.serializedSize());
        self.writeTo(out);
        return java.util.Arrays.copyOf(out.buffer(), out.position());
    }

    static boolean closedByServer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
