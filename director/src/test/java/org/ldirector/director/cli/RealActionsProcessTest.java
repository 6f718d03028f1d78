package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.director.cli.DaemonUnderTest.Result;

/**
 * {@code ldirectord drain|maintenance|ready VIRTUAL REAL} and {@code stats} on the running daemon,
 * through its control socket, against the stand-in ipvsadm and real HTTP real servers: the marks
 * act on the table, show in {@code list} and {@code stats}, and survive a restart without a flap.
 */
class RealActionsProcessTest {

    private static final String VIRTUAL = "tcp:10.1.1.1:80";

    @TempDir
    Path dir;

    private final List<HttpServer> servers = new ArrayList<>();
    private final AtomicBoolean healthy2 = new AtomicBoolean(true);
    private DaemonUnderTest daemon;
    private String r1;
    private String r2;

    @BeforeEach
    void setUp() throws IOException {
        r1 = "127.0.0.1:" + serve(new AtomicBoolean(true));
        r2 = "127.0.0.1:" + serve(healthy2);
        daemon = new DaemonUnderTest(dir);
        Files.writeString(daemon.config, "checktimeout=2\ncheckinterval=1\nlogfile=\"" + daemon.log + "\"\nquiescent=no\n\n"
                + "virtual=10.1.1.1:80\n\treal=" + r1 + " masq\n\treal=" + r2 + " masq 2\n\tservice=http\n"
                + "\trequest=\"health\"\n\treceive=\"Test Page\"\n\tscheduler=wrr\n\tfallback=127.0.0.9:80\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        daemon.run("stop");
        servers.forEach(s -> s.stop(0));
    }

    private int serve(AtomicBoolean healthy) throws IOException {
        HttpServer server = TestPeers.switchable(healthy);
        servers.add(server);
        return server.getAddress().getPort();
    }

    private Map<String, Integer> reals() throws Exception {
        return daemon.table().getOrDefault("TCP 10.1.1.1:80", Map.of());
    }

    @Test
    void drainMaintenanceAndReadyActOnTheTableShowEverywhereAndSurviveARestart() throws Exception {
        Result start = daemon.run("start");
        assertThat(start.exit()).as(start.err()).isZero();
        daemon.await("both reals in the table", Duration.ofSeconds(30), () -> reals().equals(Map.of(r1, 1, r2, 2)));

        Result drain = daemon.run("drain", VIRTUAL, r1);
        assertThat(drain.exit()).as(drain.err()).isZero();
        assertThat(drain.out()).contains("Drained real server " + r1 + " (" + VIRTUAL + "): weight 0, still checked");
        // the answer comes once the table shows it
        assertThat(reals()).isEqualTo(Map.of(r1, 0, r2, 2));
        assertThat(daemon.logged("Drained real server: " + r1 + " (10.1.1.1:80) (Weight set to 0)")).isTrue();
        assertThat(daemon.run("list").out()).containsPattern(r1 + "\\s+Masq\\s+0\\s+0\\s+0\\s+drained");

        Result maintenance = daemon.run("maintenance", VIRTUAL, r2);
        assertThat(maintenance.exit()).as(maintenance.err()).isZero();
        // nothing serves any more: the fallback comes in, the maintained real leaves the table
        assertThat(reals()).isEqualTo(Map.of(r1, 0, "127.0.0.9:80", 1));
        String list = daemon.run("list").out();
        assertThat(list).contains("Configured real servers not in the table:").containsPattern(r2 + "\\s+maintenance");

        Result stats = daemon.run("stats");
        assertThat(stats.exit()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes")
                .contains("Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS")
                .containsPattern("-> " + r1 + "\\s+0\\s+0\\s+0\\s+0\\s+0\\s+drained");

        // A restart keeps the marks, and the first pass honours them: r1 is never put back at weight 1.
        assertThat(daemon.run("stop").exit()).isZero();
        DaemonUnderTest.Mark beforeRestart = daemon.mark();
        assertThat(daemon.run("start").exit()).isZero();
        daemon.await("the table after the restart", Duration.ofSeconds(30), () -> reals().equals(Map.of(r1, 0, "127.0.0.9:80", 1)));
        List<String> sinceRestart = daemon.traceLines().subList(beforeRestart.traceLines(), daemon.traceLines().size());
        assertThat(sinceRestart).as("ipvsadm calls since the restart").noneMatch(l -> l.contains("-r " + r1 + " -m -w 1"))
                .noneMatch(l -> l.contains("-r " + r2 + " "));
        assertThat(daemon.logAbout("is marked")).contains("Real server " + r1 + " (" + VIRTUAL + ") is marked drain (from ")
                .contains("Real server " + r2 + " (" + VIRTUAL + ") is marked maintenance (from ");

        assertThat(daemon.run("ready", VIRTUAL, r1).exit()).isZero();
        assertThat(daemon.run("ready", VIRTUAL, r2).exit()).isZero();
        daemon.await("both back", Duration.ofSeconds(10), () -> reals().equals(Map.of(r1, 1, r2, 2)));
        assertThat(Files.readString(dir.resolve("ldirectord.ldirectord.cf.admin"))).isEmpty();
    }

    @Test
    void badActionsAreRefusedWithAReason() throws Exception {
        assertThat(daemon.run("start").exit()).isZero();
        Result noVirtual = daemon.run("drain", "tcp:10.9.9.9:80", r1);
        assertThat(noVirtual.exit()).isEqualTo(1);
        assertThat(noVirtual.err()).contains("no virtual tcp:10.9.9.9:80");
        Result noReal = daemon.run("maintenance", VIRTUAL, "127.0.0.1:1");
        assertThat(noReal.exit()).isEqualTo(1);
        assertThat(noReal.err()).contains("no real 127.0.0.1:1 in virtual " + VIRTUAL);
        Result missing = daemon.run("ready", VIRTUAL);
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("ready needs VIRTUAL REAL");
    }
}
