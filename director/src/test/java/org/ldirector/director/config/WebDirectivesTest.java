package org.ldirector.director.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ldirector.director.ipvs.Addresses;

/** {@code web}, {@code webpasswd}, {@code webcert}, {@code webkey}: parsed, checked, printed by configtest. */
class WebDirectivesTest {

    private final TestEnv env = new TestEnv();

    @Test
    void aBarePortListensOnLoopback() throws Exception {
        WebSettings w = env.parse("web=3636\n").globals().web();

        assertThat(w.address()).contains(Addresses.parseLiteral("127.0.0.1"));
        assertThat(w.port()).isEqualTo(3636);
        assertThat(w.enabled()).isTrue();
        assertThat(w.https()).isFalse();
        assertThat(w.passwd()).isEmpty();
    }

    @Test
    void anIpv4OrBracketedIpv6AddressIsTaken() throws Exception {
        assertThat(env.parse("web = 192.0.2.5:8080\n").globals().web().address())
                .contains(Addresses.parseLiteral("192.0.2.5"));
        WebSettings v6 = env.parse("web=[::1]:3636\n").globals().web();
        assertThat(v6.address()).contains(Addresses.parseLiteral("::1"));
        assertThat(v6.port()).isEqualTo(3636);
    }

    @Test
    void withoutTheDirectiveTheInterfaceIsOff() throws Exception {
        assertThat(env.parse("checkinterval=2\n").globals().web()).isEqualTo(WebSettings.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"web=", "web=0", "web=70000", "web=::1:3636", "web=host.example.com:80", "web=1.2.3:80",
            "web=[zz::1]:80", "web=999.1.1.1:80"})
    void aBadListenAddressIsAnErrorNamingTheLine(String line) {
        ConfigException e = env.error("checkinterval=2\n" + line + "\n");

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("web");
    }

    @Test
    void filesMustBeAbsoluteAndCertGoesWithKey() {
        assertThat(env.error("webpasswd=etc/pw\n").getMessage()).contains("webpasswd file must be an absolute path");
        ConfigException alone = env.error("web=3636\nwebcert=/etc/ssl/c.pem\n");
        assertThat(alone.line()).isEqualTo(2);
        assertThat(alone.getMessage()).contains("webcert and webkey must be set together");
        assertThat(env.error("webkey=/etc/ssl/k.pem\n").getMessage()).contains("webcert and webkey");
    }

    @Test
    void httpsWhenBothAreSet() throws Exception {
        WebSettings w = env.parse("web=[::1]:3636\nwebpasswd=/etc/ha.d/web.htpasswd\nwebcert=/etc/ssl/c.pem\nwebkey=/etc/ssl/k.pem\n")
                .globals().web();

        assertThat(w.https()).isTrue();
        assertThat(w.passwd()).contains(Path.of("/etc/ha.d/web.htpasswd"));
        assertThat(w.key()).isEqualTo(Optional.of(Path.of("/etc/ssl/k.pem")));
    }

    @Test
    void configtestPrintsThemAndTheyParseBack() throws Exception {
        DirectorConfig c = env.parse("web=[::1]:3636\nwebpasswd=/etc/ha.d/web.htpasswd\nwebcert=/etc/ssl/c.pem\nwebkey=/etc/ssl/k.pem\n");

        String printed = ConfigPrinter.print(c);

        assertThat(printed).contains("web=[::1]:3636\nwebpasswd=/etc/ha.d/web.htpasswd\nwebcert=/etc/ssl/c.pem\nwebkey=/etc/ssl/k.pem\n");
        DirectorConfig again = env.parser().read(Path.of("printed.cf"), printed.getBytes(StandardCharsets.UTF_8));
        assertThat(again.globals().web()).isEqualTo(c.globals().web());
    }
}
