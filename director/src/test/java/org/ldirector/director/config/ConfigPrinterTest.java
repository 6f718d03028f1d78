package org.ldirector.director.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.ldirector.monitor.OptionDirective;

/** {@code configtest}: the printed configuration parses back to the same configuration. */
class ConfigPrinterTest {

    private static final String RICH = """
            checktimeout=4
            negotiatetimeout=20
            checkinterval=3
            checkcount=2
            failurecount=2
            fallback=127.0.0.1 masq
            fallback6=[::1]:80
            fallbackcommand=/usr/local/bin/fb "arg" # not a comment on a global line
            autoreload=yes
            callback="/usr/local/bin/sync"
            logfile="local0"
            execute=other.cf
            fork=yes
            quiescent=yes
            readdquiescent=yes
            cleanstop=no
            emailalert=ops@example.com # team
            emailalertfreq=30
            emailalertstatus=starting,running
            emailalertfrom="LB" <lb@example.com>
            smtp=relay.example.com
            maintenancedir=/etc/ha.d/maint/

            virtual=192.0.2.1:80
            \treal=192.0.2.11->192.0.2.13:80 gate 2 "check.html", "O"K" l:5 u:50
            \treal=web1.example.com:http masq
            \tservice=ftp
            \tpasswd="secret!"
            \tchecktype=3
            \tscheduler=sh
            \tpersistent=600
            \tnetmask=255.255.255.0
            \tschedflags=sh-port
            \tcheckport=8080
            \trequest="x"
            \treceive="y"
            \tvirtualhost=www.example.com
            \tcheckinterval=4
            \tcheckcount=1
            \tload="a"
            \tmonitorfile=/var/log/mon.log
            \tservicename=Shop
            \tcomment=Main shop
            \temailalertstatus=none
            virtual=192.0.2.1:53
            \tops=yes
            \treal=192.0.2.21:53 gate
            \tquiescent=no
            \tfallbackcommand="/bin/udp-fb"
            \temailalert="dns@example.com"
            \tsmtp=dnsrelay
            \tsecret="radius"
            \tdatabase="db"
            \tlogin="l"
            \thttpmethod=HEAD
            \tchecktype=external-perl
            \tcheckcommand=/usr/local/bin/x
            \tchecktimeout=00
            virtual=7
            \treal=192.0.2.31 gate
            virtual6=[2001:db8::1]:443
            \treal6=[2001:db8::11]:443 gate
            \tnetmask=64
            \tpersistent=0
            \tservice=sip
            """;

    private final TestEnv env = new TestEnv();

    /** Everything but where it came from: file, digest, warnings and line numbers; secrets as the printer shows them. */
    private static DirectorConfig comparable(DirectorConfig c) {
        List<VirtualService> virtuals = c.virtuals().stream().map(v -> {
            CheckSettings k = v.check();
            CheckSettings masked = k;
            for (OptionDirective o : CheckSettings.DIRECTIVES) {
                if (o.secret()) {
                    masked = masked.withValue(o, hide(k.value(o)));
                }
            }
            List<RealServer> reals = v.reals().stream().map(r -> new RealServer(r.endpoint(), r.forwarding(),
                    r.weight(), r.request(), r.receive(), r.lowerThreshold(), r.upperThreshold(), 0)).toList();
            return new VirtualService(v.ipvs(), 0, reals, v.fallback(), masked, v.quiescent(), v.cleanstop(),
                    v.fallbackCommand(), v.emailAlert(), v.monitorFile(), v.serviceName(), v.comment(), v.load(), v.hooks());
        }).toList();
        return new DirectorConfig(Path.of("-"), "", c.globals(), virtuals, List.of());
    }

    private static String hide(String secret) {
        return secret.isEmpty() ? secret : ConfigPrinter.HIDDEN;
    }

    private DirectorConfig reparse(DirectorConfig original) throws ConfigException {
        String printed = ConfigPrinter.print(original);
        return env.parser().read(Path.of("printed.cf"), printed.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"01-resource-agents-upstream-sample.cf", "02-debian-packaged-dummy.cf",
            "03-heartbeat2-era-upstream-sample.cf", "05-kubernetes-apiserver-https.cf",
            "06-heartbeat-haresources-per-vip.cf", "07-tutorial-quirks-accepted.cf", "09-maintenancedir-masq.cf"})
    void everySampleSurvivesTheRoundTrip(String sample) throws Exception {
        DirectorConfig original = env.parseSample(sample);

        assertThat(comparable(reparse(original))).isEqualTo(comparable(original));
    }

    @Test
    void aConfigurationUsingEveryDirectiveSurvivesTheRoundTrip() throws Exception {
        DirectorConfig original = env.parse(RICH);

        DirectorConfig again = reparse(original);

        assertThat(comparable(again)).isEqualTo(comparable(original));
        assertThat(comparable(reparse(again))).isEqualTo(comparable(original));
    }

    @Test
    void passwordsAndSecretsAreNeverPrinted() throws Exception {
        String printed = ConfigPrinter.print(env.parse(RICH));

        // The ftp default password (ldirectord@<host>) is hidden too; the sip default login is not a secret.
        assertThat(printed).doesNotContain("secret!").doesNotContain("radius")
                .doesNotContain("passwd=\"ldirectord@")
                .contains("    passwd=\"<hidden>\"\n").contains("    secret=\"<hidden>\"\n");
    }

    @Test
    void rangesAreExpandedAndEveryEffectiveValueIsShown() throws Exception {
        String printed = ConfigPrinter.print(env.parse(RICH));

        assertThat(printed).contains("""
                    real=192.0.2.11:80 gate 2 "/check.html", "O"K" l:5 u:50
                    real=192.0.2.12:80 gate 2 "/check.html", "O"K" l:5 u:50
                    real=192.0.2.13:80 gate 2 "/check.html", "O"K" l:5 u:50
                    real=10.0.0.1:80 masq 1
                """);
        assertThat(printed).contains("virtual=192.0.2.1:53\n    protocol=udp\n")
                .contains("    checktimeout=00\n    negotiatetimeout=00\n")
                .contains("    fallback=127.0.0.1:53 masq\n")
                .contains("    # fallbackcommand: inherited from the global setting\n")
                .contains("virtual6=[2001:db8::1]:443\n").contains("    real6=[2001:db8::11]:443 gate 1\n")
                .contains("virtual=7\n    protocol=fwm\n");
    }

    @Test
    void theOutputStartsWithTheFileAndItsDigest() throws Exception {
        DirectorConfig c = env.parse("checkinterval=2\n");

        assertThat(ConfigPrinter.print(c)).startsWith("# /etc/ha.d/ldirectord.cf (md5 " + c.digest() + ")\n");
    }
}
