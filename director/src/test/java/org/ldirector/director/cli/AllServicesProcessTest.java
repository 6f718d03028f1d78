package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.failover.Sh;
import org.ldirector.director.config.Service;
import org.ldirector.monitor.FtpPeer;
import org.ldirector.monitor.LdapPeer;
import org.ldirector.monitor.MariaDbServer;
import org.ldirector.monitor.PostgresServer;
import org.ldirector.monitor.RadiusResponder;

/**
 * Issue #3's proof: our daemon as a separate process (as {@link DaemonProcessTest} runs it) with ONE
 * ldirectord.cf of one virtual per service the daemon can check — every {@link Service} but
 * {@code none}, plus checktype connect, ping, external and external-perl — each with one real
 * that is a real server of that protocol: HTTP(S) and a forward proxy (the JDK's server), FTP
 * (Apache FtpServer), IMAP(S), POP3(S), SMTP and submission (GreenMail), LDAP(S) (UnboundID),
 * MariaDB and PostgreSQL (the Debian servers), DNS (dnsjava), RADIUS, SIP, NNTP and line protocols
 * (the monitors module's peers). Half the virtuals are quiescent.
 *
 * <p>Once every real is in the stand-in's IPVS table, every peer is stopped and started again
 * (the peers in three groups, for time) and each real's way out and back is asserted on its own:
 * the log line, the ipvsadm command and the table. The SQL servers are stopped with SIGSTOP (a
 * hung database: the check must time out); the others stop listening.
 *
 * <p>ping checks a host in a network namespace of its own (a veth pair), whose link goes down and
 * up; without root it checks 127.0.0.1, whose echo replies cannot be turned off, and is not
 * toggled. Not toggled either: oracle, which has no server here (none is packaged for Debian): its
 * real stays quiesced from the start.
 */
class AllServicesProcessTest {

    private static final String USER = "checker";
    private static final String MAIL_PASSWORD = "Mail-pa55-never-logged";
    private static final String FTP_PASSWORD = "Ftp-pa55-never-logged";
    private static final String RADIUS_SECRET = "Radius-secret-never-logged";
    private static final String RADIUS_PASSWORD = "Radius-pa55-never-logged";
    static final String PROBE_OK = "OK ready";

    @TempDir
    Path dir;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final List<Backend> backends = new ArrayList<>();
    private DaemonUnderTest daemon;
    private InetAddress loopback;

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.run("stop");
        }
        for (Backend b : backends) {
            if (b.peer() != null) {
                cleanup.add(b.peer()::close); // before the servers' own shutdown: a stopped process is resumed first
            }
        }
        for (AutoCloseable c : cleanup.reversed()) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void everyServiceGoesOutOfTheTableWhenItsServerStopsAndComesBackWhenItStarts() throws Exception {
        loopback = InetAddress.getByName("127.0.0.1");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x")); // postgres runs as "postgres"
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        cleanup.add(pool::shutdownNow);
        CompletableFuture<MariaDbServer> mariaDb = supply(pool, () -> MariaDbServer.start(Files.createDirectory(dir.resolve("mariadb"))));
        CompletableFuture<PostgresServer> postgres = supply(pool, () -> PostgresServer.start(Files.createDirectory(dir.resolve("postgres"))));

        Peer.Running origin = TestPeers.http(loopback, 0); // the proxy's origin server, never stopped
        cleanup.add(origin.closer());
        String page = "request=\"health\"\nreceive=\"" + TestPeers.PAGE + "\"\n";
        add("http", "10.2.0.1:80", "tcp", "service=http\n" + page, Peer.restartable(p -> TestPeers.http(loopback, p)));
        add("https", "10.2.0.2:443", "tcp", "service=https\n" + page, Peer.restartable(p -> TestPeers.https(loopback, p)));
        add("http_proxy", "10.2.0.3:3128", "tcp", "service=http_proxy\nrequest=\"http://127.0.0.1:" + origin.port()
                + "/health\"\nreceive=\"" + TestPeers.PAGE + "\"\n", Peer.restartable(p -> TestPeers.proxy(loopback, p)));
        add("ftp", "10.2.0.4:21", "tcp", "service=ftp\nlogin=\"" + USER + "\"\npasswd=\"" + FTP_PASSWORD
                + "\"\nrequest=\"health.txt\"\nreceive=\"STATUS OK\"\n", ftp());
        add("imap", "10.2.0.5:143", "tcp", "service=imap\n" + mailLogin(), mail(ServerSetup.IMAP));
        add("imaps", "10.2.0.6:993", "tcp", "service=imaps\n" + mailLogin(), mail(ServerSetup.IMAPS));
        add("pop", "10.2.0.7:110", "tcp", "service=pop\n" + mailLogin(), mail(ServerSetup.POP3));
        add("pops", "10.2.0.8:995", "tcp", "service=pops\n" + mailLogin(), mail(ServerSetup.POP3S));
        add("smtp", "10.2.0.9:25", "tcp", "service=smtp\n", mail(ServerSetup.SMTP));
        add("submission", "10.2.0.10:587", "tcp", "service=submission\n", mail(ServerSetup.SMTP));
        add("nntp", "10.2.0.11:119", "tcp", "service=nntp\n",
                Peer.restartable(p -> TestPeers.greeting(loopback, p, "200 news.example.test ready")));
        add("ldap", "10.2.0.12:389", "tcp", "service=ldap\nrequest=\"" + LdapPeer.BASE + "\"\nlogin=\"" + LdapPeer.USER_DN
                + "\"\npasswd=\"" + LdapPeer.PASSWORD + "\"\n", Peer.restartable(p -> ldap(p, -1, "ldap")));
        add("ldaps", "10.2.0.13:636", "tcp", "service=ldaps\nrequest=\"" + LdapPeer.BASE + "\"\n",
                Peer.restartable(p -> ldap(0, p, "ldaps")));
        add("dns", "10.2.0.16:53", "udp", "service=dns\nrequest=\"www.example.test\"\nreceive=\"127.0.10.1\"\n",
                Peer.restartable(p -> TestPeers.dns(loopback, p)));
        add("radius", "10.2.0.17:1812", "udp", "service=radius\nlogin=\"" + USER + "\"\npasswd=\"" + RADIUS_PASSWORD
                + "\"\nsecret=\"" + RADIUS_SECRET + "\"\n", Peer.restartable(p -> {
                    RadiusResponder r = new RadiusResponder(new InetSocketAddress(loopback, p), RADIUS_SECRET, RADIUS_SECRET,
                            Map.of(USER, RADIUS_PASSWORD));
                    return new Peer.Running(r.port(), r);
                }));
        add("sip", "10.2.0.18:5060", "udp", "service=sip\n", Peer.restartable(p -> TestPeers.sip(loopback, p)));
        add("simpletcp", "10.2.0.19:7000", "tcp", "service=simpletcp\nrequest=\"PING\"\nreceive=\"^PONG\"\n",
                Peer.restartable(p -> TestPeers.pong(loopback, p)));
        add("connect", "10.2.0.21:7001", "tcp", "checktype=connect\n",
                Peer.restartable(p -> TestPeers.greeting(loopback, p, PROBE_OK)));
        add("external", "10.2.0.22:7002", "tcp", "checktype=external\ncheckcommand=\"" + externalScript(dir) + "\"\n",
                Peer.restartable(p -> TestPeers.greeting(loopback, p, PROBE_OK)));
        add("external-perl", "10.2.0.23:7003", "tcp", "checktype=external-perl\ncheckcommand=\"" + perlScript() + "\"\n",
                Peer.restartable(p -> TestPeers.greeting(loopback, p, PROBE_OK)));

        MariaDbServer mysql = mariaDb.join();
        cleanup.add(mysql);
        add("mysql", "10.2.0.14:3306", "tcp", sql("mysql", MariaDbServer.USER, MariaDbServer.PASSWORD, MariaDbServer.DATABASE),
                Peer.suspendable(mysql.pid(), mysql.port()));
        PostgresServer pgsql = postgres.join();
        cleanup.add(pgsql);
        add("pgsql", "10.2.0.15:5432", "tcp", sql("pgsql", PostgresServer.USER, PostgresServer.PASSWORD, PostgresServer.DATABASE),
                Peer.suspendable(pgsql.pid(), pgsql.port()));

        // As root, ping checks a host in a network namespace of its own, whose link is taken down
        // and up again; otherwise the kernel's echo on 127.0.0.1, which cannot be stopped.
        Backend ping;
        if (Sh.isRoot()) {
            long pid = ProcessHandle.current().pid();
            String via = "10.253." + (pid % 250) + ".1";
            String host = "10.253." + (pid % 250) + ".2";
            ping = backend("ping", "10.2.0.20:7", "tcp", "checktype=ping\n", host + ":7", host + ":7", "gate",
                    Peer.isolatedHost("ldping" + pid, "ldping" + (pid % 100_000), via, host));
            backends.add(ping);
        } else {
            ping = backend("ping", "10.2.0.20:7", "tcp", "checktype=ping\n", "127.0.0.1", "127.0.0.1:7", "gate",
                    Peer.permanent("ICMP echo on 127.0.0.1"));
        }
        // Not toggled: see the class comment.
        Backend oracle = backend("oracle", "10.2.0.24:1521", "tcp",
                sql("oracle", USER, "Oracle-pa55-never-logged", "ORCL").replace("SELECT * FROM health", "SELECT 1 FROM DUAL"),
                null, null, "masq", null);
        List<Backend> toggled = List.copyOf(backends);
        if (!backends.contains(ping)) {
            backends.add(ping);
        }
        backends.add(oracle);

        daemon = new DaemonUnderTest(dir);
        Backend.start(daemon, backends);

        for (int g = 0; g < 3; g++) {
            List<Backend> group = new ArrayList<>();
            for (int i = g; i < toggled.size(); i += 3) {
                group.add(toggled.get(i));
            }
            Backend.toggle(daemon, group, backends);
        }

        assertThat(daemon.table()).as("every real back with its weight").satisfies(table -> {
            assertThat(toggled).allMatch(b -> b.inServiceIn(table));
            assertThat(ping.inServiceIn(table)).isTrue();
        });
    }

    @FunctionalInterface
    private interface Supplier<T> {
        T get() throws Exception;
    }

    private static <T> CompletableFuture<T> supply(ExecutorService pool, Supplier<T> supplier) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return supplier.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, pool);
    }

    /** A virtual with one masq real at the peer's port; alternately quiescent or not, weights 1 to 3. */
    private void add(String name, String vip, String protocol, String directives, Peer peer) {
        backends.add(backend(name, vip, protocol, directives, "127.0.0.1:" + peer.port(), "127.0.0.1:" + peer.port(), "masq", peer));
    }

    private Backend backend(String name, String vip, String protocol, String directives, String realInConfig, String real,
                            String forwarding, Peer peer) {
        String configured = realInConfig != null ? realInConfig : "127.0.0.1:" + closedPort();
        return Backend.of(backends.size(), name, false, vip, protocol, directives, configured, real != null ? real : configured,
                forwarding, peer);
    }

    private static String sql(String service, String user, String password, String database) {
        return "service=" + service + "\nlogin=\"" + user + "\"\npasswd=\"" + password + "\"\ndatabase=\"" + database
                + "\"\nrequest=\"SELECT * FROM health\"\n";
    }

    private static String mailLogin() {
        return "login=\"" + USER + "\"\npasswd=\"" + MAIL_PASSWORD + "\"\n";
    }

    private Peer mail(ServerSetup protocol) throws Exception {
        return Peer.restartable(p -> {
            int port = p != 0 ? p : closedPort();
            ServerSetup setup = protocol.createCopy("127.0.0.1").port(port);
            setup.setServerStartupTimeout(20_000); // GreenMail's 2 s are short on a loaded machine (TLS set-up)
            GreenMail mail = new GreenMail(setup);
            mail.start();
            mail.setUser(USER + "@example.test", USER, MAIL_PASSWORD);
            return new Peer.Running(port, mail::stop);
        });
    }

    private Peer ftp() throws Exception {
        Path home = Files.createDirectories(dir.resolve("ftp"));
        Files.writeString(home.resolve("health.txt"), "service: files\nSTATUS OK\n");
        return Peer.restartable(p -> {
            FtpPeer ftp = FtpPeer.start(home, home, p, Map.of(USER, FTP_PASSWORD));
            return new Peer.Running(ftp.port(), ftp);
        });
    }

    private static Peer.Running ldap(int ldapPort, int ldapsPort, String listener) throws Exception {
        InMemoryDirectoryServer server = LdapPeer.start(ldapPort, ldapsPort, ldapsPort < 0);
        return new Peer.Running(server.getListenPort(listener), () -> server.shutDown(true));
    }

    /** A checkcommand that connects to the real (IPv4 or IPv6) and wants the greeting {@value #PROBE_OK}. */
    static String externalScript(Path dir) throws Exception {
        Path script = dir.resolve("check-greeting.sh");
        Files.writeString(script, """
                #!/bin/bash
                # ldirectord's arguments: virtual address, virtual port, real address, real port
                host=${3#[}; host=${host%]}
                exec 3<>"/dev/tcp/$host/$4" || exit 1
                IFS= read -r -t 2 greeting <&3 || exit 1
                [[ $greeting == "PROBE_OK"* ]]
                """.replace("PROBE_OK", PROBE_OK));
        script.toFile().setExecutable(true);
        return script.toString();
    }

    /** checktype=external-perl: the same with perl's IO::Socket::IP. */
    private String perlScript() throws Exception {
        Path script = dir.resolve("check-greeting.pl");
        Files.writeString(script, """
                use IO::Socket::IP;
                my ($vip, $vport, $rip, $rport) = @ARGV;
                $rip =~ s/^\\[(.*)\\]$/$1/;
                my $s = IO::Socket::IP->new(PeerHost => $rip, PeerPort => $rport, Timeout => 2) or exit 1;
                my $greeting = <$s>;
                exit(defined $greeting && $greeting =~ /^PROBE_OK/ ? 0 : 1);
                """.replace("PROBE_OK", PROBE_OK));
        return script.toString();
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
