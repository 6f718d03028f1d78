package org.ldirector.director.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ldirector.director.ipvs.Addresses;

/** The real implementations behind the injected look-ups (no DNS: literals only). */
class LookupsTest {

    @Test
    void servicesFileEntriesMatchNamesAndAliasesPerProtocol() {
        ServicePorts ports = ServicePorts.parse("""
                # comment
                http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP
                domain\t\t53/tcp
                domain\t\t53/udp
                ntp\t\t123/udp
                broken
                """);

        assertThat(ports.port("http", "tcp")).isEqualTo(OptionalInt.of(80));
        assertThat(ports.port("www", "")).isEqualTo(OptionalInt.of(80));
        assertThat(ports.port("http", "udp")).isEmpty();
        assertThat(ports.port("domain", "udp")).isEqualTo(OptionalInt.of(53));
        assertThat(ports.port("ntp", "")).isEqualTo(OptionalInt.of(123));
        assertThat(ports.port("ntp", "tcp")).isEmpty();
        assertThat(ports.port("gopher", "")).isEmpty();
    }

    @Test
    void theBuiltInTableKnowsTheCommonNames() {
        ServicePorts ports = ServicePorts.builtIn();

        assertThat(ports.port("http", "tcp")).hasValue(80);
        assertThat(ports.port("https", "tcp")).hasValue(443);
        assertThat(ports.port("domain", "udp")).hasValue(53);
        assertThat(ports.port("ftp", "")).hasValue(21);
        assertThat(ports.port("smtp", "tcp")).hasValue(25);
        assertThat(ports.port("mysql", "")).hasValue(3306);
        assertThat(ports.port("sip", "udp")).hasValue(5060);
        assertThat(ports.port("postgresql", "tcp")).hasValue(5432);
    }

    @Test
    void theSystemTableResolvesHttp() {
        assertThat(ServicePorts.system().port("http", "tcp")).hasValue(80);
    }

    @Test
    void servByNameTakesNumbersBelow65536AsTheyAre() {
        ParseContext ctx = new ParseContext("f", (n, f) -> java.util.Optional.empty(), ServicePorts.builtIn(), "h",
                FileProbe.system());

        assertThat(ctx.servByName("0", "")).isZero();
        assertThat(ctx.servByName("0080", "tcp")).isEqualTo(80);
        assertThat(ctx.servByName("65535", "")).isEqualTo(65535);
        assertThat(ctx.servByName("65536", "")).isNull();
        assertThat(ctx.servByName("http", "fwm")).isNull();
    }

    @Test
    void theSystemResolverKeepsToTheAskedFamily() {
        HostResolver r = HostResolver.system();

        assertThat(r.resolve("192.0.2.7", HostResolver.Family.IPV4)).contains(Addresses.parseLiteral("192.0.2.7"));
        assertThat(r.resolve("192.0.2.7", HostResolver.Family.IPV6)).isEmpty();
        assertThat(r.resolve("2001:db8::7", HostResolver.Family.IPV6)).contains(Addresses.parseLiteral("2001:db8::7"));
        assertThat(r.resolve("2001:db8::7", HostResolver.Family.IPV4)).isEmpty();
        assertThat(r.resolve("", HostResolver.Family.IPV4)).isEmpty();
    }

    @Test
    void theFileProbeAppendsLikePerlsOpen(@TempDir Path dir) throws Exception {
        FileProbe files = FileProbe.system();
        Path log = dir.resolve("ld.log");

        assertThat(files.appendError(log + " ")).isEmpty();
        assertThat(log).exists();
        assertThat(files.appendError(dir.resolve("missing/ld.log").toString())).contains("No such file or directory");
        assertThat(files.appendError(dir.toString())).contains("Is a directory");
        assertThat(files.appendError("")).contains("No such file or directory");
        assertThat(files.isDirectory(dir.toString())).isTrue();
        assertThat(files.isDirectory(log.toString())).isFalse();
        assertThat(files.isDirectory("")).isFalse();
    }

    @Test
    void theStaticEntryPointReadsAFile(@TempDir Path dir) throws Exception {
        Path cf = dir.resolve("ldirectord.cf");
        Files.writeString(cf, "checkinterval=2\nvirtual=192.0.2.1:80\n\treal=192.0.2.11:80 gate\n");

        DirectorConfig c = ConfigParser.parse(cf);

        assertThat(c.file()).isEqualTo(cf);
        assertThat(c.globals().checkInterval()).isEqualTo(2);
        assertThat(c.virtuals()).hasSize(1);
        assertThat(c.digest()).isEqualTo(ConfigParser.md5(Files.readAllBytes(cf)));
    }

    @Test
    void theSystemHostnameIsHostnameFromTheEnvironmentElseTheNodeName() {
        String env = System.getenv("HOSTNAME");

        if (env != null) {
            assertThat(ConfigParser.systemHostname()).isEqualTo(env);
        } else {
            assertThat(ConfigParser.systemHostname()).isNotBlank();
        }
    }
}
