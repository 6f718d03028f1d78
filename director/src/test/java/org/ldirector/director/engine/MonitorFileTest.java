package org.ldirector.director.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.director.config.CheckSettings;
import org.ldirector.director.config.CheckType;
import org.ldirector.director.config.RealServer;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.Forwarding;

class MonitorFileTest {

    private static VirtualService httpVirtual() {
        CheckSettings c = TestConfigs.check(CheckType.NEGOTIATE, 1);
        c = new CheckSettings(c.type(), 0, c.service(), Map.of("request", "/index.html", "receive", "Test Page"), "/bin/true",
                c.checkPort(), c.checkTimeout(), c.negotiateTimeout(), 1, 1, c.checkInterval(), 1);
        return TestConfigs.virtual("10.255.1.1:8080").check(c).build();
    }

    private static RealServer real(String ep, int weight) {
        return new RealServer(Endpoint.parse(ep), Forwarding.GATE, weight, Optional.empty(), Optional.empty(), 0, 0, 0);
    }

    @Test
    void realIdIsSqueezedAsLdirectordPrintsIt() {
        // Verified ldirectord line: "negotiate http tcp 127.0.0.11 8080 1 gate /index.html Test Page"
        assertThat(MonitorFile.squeezedRealId(httpVirtual(), real("127.0.0.11:8080", 1)))
                .isEqualTo("negotiate http tcp 127.0.0.11 8080 1 gate /index.html Test Page");
    }

    @Test
    void messageEscapesPercentPipeAndLineBreaks() {
        assertThat(MonitorFile.escape("Wrong|content 100%\nline2\n")).isEqualTo("Wrong%7ccontent 100%25%0aline2%0a");
    }

    @Test
    void lineFormatMatchesLdirectord(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("monitor.log");
        new MonitorFile(ZoneId.of("UTC")).append(f, httpVirtual(), real("127.0.0.3:8080", 5), false,
                "500 Can't connect to 127.0.0.3:8080 (Connection refused)", Instant.parse("2026-11-22T01:52:20Z"));
        assertThat(Files.readString(f)).isEqualTo("[Sun Nov 22 01:52:20 2026] [" + ProcessHandle.current().pid()
                + "] negotiate http tcp 127.0.0.3 8080 5 gate /index.html Test Page [down] 500 Can't connect to 127.0.0.3:8080 (Connection refused)\n");
    }

    @Test
    void anUnwritableMonitorFileNeverThrows(@TempDir Path dir) {
        Path f = dir.resolve("missing-dir").resolve("monitor.log");
        new MonitorFile(ZoneId.of("UTC")).append(f, httpVirtual(), real("127.0.0.3:8080", 5), true, "200 OK", Instant.now());
        assertThat(f).doesNotExist();
    }
}
