package org.ldirector.director.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values the source's own daemon might refuse or misread: the import reports each with its line and still writes a
 * file our parser accepts (never the "does not pass configtest" failure, exit 1).
 */
class OddValuesTest {

    @TempDir
    Path dir;

    @Test
    void oddKeepalivedValuesAreReportedAndTheRestIsWritten() throws Exception {
        Path source = dir.resolve("keepalived.conf");
        Files.writeString(source, """
                virtual_server 10.0.0.1 99999 {
                  real_server 10.0.0.2 80 {
                  }
                }
                virtual_server fwmark 0 {
                }
                virtual_server 10.0.0.3 80 {
                  lb_algo W-R-R
                  persistence_timeout 30
                  persistence_granularity 24
                  protocol SCTP
                  sorry_server 10.0.0.9
                  real_server 10.0.0.4 70000 {
                  }
                  real_server 10.0.0.5 80 {
                    weight -3
                    TCP_CHECK {
                      connect_port banana
                      connect_timeout 0
                      retry x
                    }
                  }
                }
                virtual_server 10.0.0.6 81 {
                  persistence_granularity 255.255.0.0
                  real_server 10.0.0.7 81 {
                    HTTP_GET {
                      url {
                        path /a#b
                      }
                    }
                  }
                }
                vrrp_instance VI {
                  virtual_ipaddress {
                    10.0.0.100/abc
                    not-an-ip
                    10.0.0.101/24 dev eth1 scope global
                  }
                }
                """);
        Imports.Run r = Imports.imported(source, dir.resolve("out"));
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).contains(source + ":1: virtual_server 10.0.0.1 99999: left out: not a port number",
                source + ":5: virtual_server fwmark 0: left out: not a firewall mark",
                source + ":8: lb_algo W-R-R: left out", source + ":11: protocol SCTP: left out",
                source + ":13: real_server 10.0.0.4 70000: left out: not a port number",
                source + ":16: weight -3: left out: not a weight", source + ":18: connect_port banana: left out: not a port number",
                source + ":20: retry x: left out: not a number",
                source + ":28: url: left out: a '#' cannot be written",
                source + ":36: 10.0.0.100/abc: left out: not a prefix length",
                source + ":37: not-an-ip: left out: not an IP address",
                source + ":38: 10.0.0.101/24 dev eth1 scope global: left out: address option scope");
        String cf = Files.readString(dir.resolve("out/ldirectord.cf"));
        assertThat(cf).contains("#    netmask=255.255.255.0", "netmask=255.255.0.0", "request=\"/\"");
        assertThat(Files.readString(dir.resolve("out/haresources"))).contains("IPaddr2::10.0.0.101/24/eth1");
    }

    @Test
    void oddLvsCfValuesAreReportedAndTheRestIsWritten() throws Exception {
        Path source = dir.resolve("lvs.cf");
        Files.writeString(source, """
                network = sideways
                virtual a {
                     address = 10.0.0.1 eth0
                     port = 0
                     scheduler = Round-Robin
                     persistent = 60
                     pmask = 255.0.255.0
                     send = "HELO # x"
                     server s {
                         address = 10.0.0.2
                         weight = -1
                     }
                     server t {
                         address = www.example.com
                     }
                }
                virtual b {
                     address = lb.example.com
                }
                """);
        Imports.Run r = Imports.imported(source, dir.resolve("out"));
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).contains(source + ":1: network sideways: left out", source + ":4: port 0: left out",
                source + ":5: scheduler Round-Robin: left out", source + ":7: pmask 255.0.255.0: left out",
                source + ":8: send HELO # x: left out", source + ":11: weight -1: left out",
                source + ":13: server t: left out: no IP address", source + ":17: virtual b: left out: no IP address");
        assertThat(r.config().virtuals()).singleElement().satisfies(v -> {
            assertThat(v.key().toString()).isEqualTo("tcp:10.0.0.1:80");
            assertThat(v.reals()).singleElement().satisfies(rs -> assertThat(rs.weight()).isEqualTo(1));
        });
    }
}
