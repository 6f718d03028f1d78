package org.ldirector.director.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.ldirector.monitor.CheckOptions;
import org.ldirector.monitor.ExternalOptions;
import org.ldirector.monitor.HttpOptions;
import org.ldirector.monitor.LoginOptions;
import org.ldirector.monitor.OptionDirective;
import org.ldirector.monitor.RadiusOptions;
import org.ldirector.monitor.SipOptions;
import org.ldirector.monitor.SqlOptions;

/** The check options' directives as the families declare them, and the family record each virtual's checks get. */
class CheckSettingsTest {

    private static final String EVERY_OPTION = "\trequest=\"health\"\n\treceive=\"ok\"\n\tvirtualhost=www.example.com\n"
            + "\thttpmethod=head\n\tlogin=\"bob\"\n\tpasswd=\"pw\"\n\tdatabase=\"app\"\n\tsecret=\"shh\"\n";

    private final TestEnv env = new TestEnv();

    private VirtualService virtual(String sectionLines) throws ConfigException {
        return env.parse("virtual=192.0.2.1:80\n" + sectionLines + "\treal=192.0.2.2:80 gate 1 \"/real.html\", \"real ok\"\n")
                .virtuals().get(0);
    }

    @Test
    void everyFamilysDirectivesOnceInTheOrderConfigtestPrintsThem() {
        // ldirectord's own in the order configtest has always printed them; a family's new one may come in between.
        assertThat(CheckSettings.DIRECTIVES).extracting(OptionDirective::name).doesNotHaveDuplicates()
                .containsSubsequence("request", "receive", "login", "passwd", "httpmethod", "virtualhost", "database", "secret");
        assertThat(CheckSettings.DIRECTIVES).filteredOn(OptionDirective::secret).extracting(OptionDirective::name)
                .contains("passwd", "secret");
    }

    @Test
    void aSectionAcceptsEveryFamilysDirectivesAndItsServicePicksTheRecord() throws Exception {
        CheckSettings http = virtual("\tservice=http\n" + EVERY_OPTION).check();
        assertThat(http.options()).isEqualTo(HttpOptions.builder().request("/health").receive("ok")
                .virtualHost("www.example.com").httpMethod("HEAD").build());
        assertThat(virtual("\tservice=mysql\n" + EVERY_OPTION).check().options())
                .isEqualTo(SqlOptions.builder().credentials("bob", "pw").database("app").request("/health").build());
        assertThat(virtual("\tservice=radius\n" + EVERY_OPTION).check().options())
                .isEqualTo(new RadiusOptions("bob", "pw", "shh"));
        assertThat(virtual("\tservice=pop\n" + EVERY_OPTION).check().options())
                .isEqualTo(LoginOptions.builder().credentials("bob", "pw").request("/health").receive("ok").build());
        assertThat(virtual("\tservice=sip\n").check().options()).isEqualTo(new SipOptions("ldirectord@lb1.example.com"));
        assertThat(virtual("\tservice=smtp\n" + EVERY_OPTION).check().options()).isEqualTo(CheckOptions.NONE);
    }

    @Test
    void theChecktypeDecidesWhetherTheServicesFamilyIsUsed() throws Exception {
        assertThat(virtual("\tservice=http\n\tchecktype=3\n").check().options()).isEqualTo(HttpOptions.DEFAULTS);
        assertThat(virtual("\tservice=http\n\tchecktype=connect\n" + EVERY_OPTION).check().options())
                .isEqualTo(CheckOptions.NONE);
        assertThat(virtual("\tchecktype=external\n" + EVERY_OPTION).check().options())
                .isEqualTo(new ExternalOptions("", "", "ok"));
    }

    @Test
    void aRealsRequestAndReceiveWin() throws Exception {
        VirtualService v = virtual("\tservice=http\n" + EVERY_OPTION);
        assertThat(v.check().options(v.reals().get(0)))
                .isEqualTo(HttpOptions.builder().request("/real.html").receive("real ok")
                        .virtualHost("www.example.com").httpMethod("HEAD").build());
    }

    @Test
    void secretsAreListedForTheLogScrubberAndNeverPrinted() throws Exception {
        CheckSettings c = virtual("\tservice=radius\n" + EVERY_OPTION).check();
        assertThat(c.secrets()).containsExactlyInAnyOrder("pw", "shh");
        assertThat(c.toString()).contains("login=bob", "passwd=<hidden>", "secret=<hidden>")
                .doesNotContain("=pw", "shh");
        assertThat(virtual("").check().secrets()).isEmpty();
    }

    @Test
    void aValueNotGivenIsItsInitialValue() {
        CheckSettings c = new CheckSettings(CheckType.NEGOTIATE, 0, Service.HTTP, Map.of("receive", "x"), "/bin/true",
                OptionalInt.empty(), Duration.ofSeconds(5), Duration.ofSeconds(30), 1, 1,
                OptionalInt.empty(), 1);
        assertThat(c.value(OptionDirective.REQUEST)).isEqualTo("/");
        assertThat(c.value("httpmethod")).isEqualTo("GET");
        assertThat(c.options()).isEqualTo(HttpOptions.builder().receive("x").build());
    }
}
