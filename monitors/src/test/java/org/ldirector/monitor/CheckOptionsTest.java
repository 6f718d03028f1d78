package org.ldirector.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class CheckOptionsTest {

    @Test
    void defaultsAreLdirectordsPerVirtualDefaults() {
        assertThat(HttpOptions.builder().build()).isEqualTo(new HttpOptions("/", "", "", "GET"));
        assertThat(LoginOptions.builder().build()).isEqualTo(new LoginOptions("", "", "/", ""));
        assertThat(SqlOptions.builder().build()).isEqualTo(new SqlOptions("", "", "", "/"));
        assertThat(RequestOptions.DEFAULTS).isEqualTo(new RequestOptions("/", ""));
        assertThat(RadiusOptions.DEFAULTS).isEqualTo(new RadiusOptions("", "", ""));
    }

    @Test
    void buildersSetOnlyWhatTheyAreTold() {
        HttpOptions http = HttpOptions.builder().request("/health").receive("ok").virtualHost("www.example.com")
                .httpMethod("HEAD").build();
        assertThat(http).isEqualTo(new HttpOptions("/health", "ok", "www.example.com", "HEAD"));
        assertThat(http.toBuilder().receive("").build()).isEqualTo(new HttpOptions("/health", "", "www.example.com", "HEAD"));
        assertThat(LoginOptions.builder().credentials("bob", "pw").request("/f").receive("x").build())
                .isEqualTo(new LoginOptions("bob", "pw", "/f", "x"));
        assertThat(SqlOptions.builder().credentials("u", "p").database("db").request("/SELECT 1").build())
                .isEqualTo(new SqlOptions("u", "p", "db", "/SELECT 1"));
    }

    @Test
    void toStringNeverShowsAPasswordOrSecret() {
        List<CheckOptions> all = List.of(
                LoginOptions.builder().credentials("bob", "pa55word").build(),
                SqlOptions.builder().credentials("bob", "pa55word").build(),
                new RadiusOptions("bob", "pa55word", "sh4red"));
        for (CheckOptions o : all) {
            assertThat(o.toString()).contains("bob", "<hidden>").doesNotContain("pa55word", "sh4red");
        }
        assertThat(new RadiusOptions("bob", "", "").toString()).doesNotContain("<hidden>");
    }

    @Test
    void aCheckReadsItsFamilysOptionsElseThatFamilysDefaults() {
        HttpOptions http = HttpOptions.builder().receive("ok").build();
        CheckTarget target = CheckTarget.of("192.0.2.2", 80, http);
        assertThat(HttpOptions.of(target)).isSameAs(http);
        assertThat(LoginOptions.of(target)).isSameAs(LoginOptions.DEFAULTS);
        assertThat(SqlOptions.of(target)).isSameAs(SqlOptions.DEFAULTS);
        assertThat(RadiusOptions.of(target)).isSameAs(RadiusOptions.DEFAULTS);
        assertThat(SipOptions.of(target)).isSameAs(SipOptions.DEFAULTS);
        assertThat(RequestOptions.of(target)).isSameAs(RequestOptions.DEFAULTS);
        assertThat(ExternalOptions.of(target)).isSameAs(ExternalOptions.DEFAULTS);
        assertThat(HttpOptions.of(CheckTarget.of("192.0.2.2", 80))).isSameAs(HttpOptions.DEFAULTS);
    }

    @Test
    void aTargetNeverShowsAPasswordOrSecret() {
        CheckTarget target = CheckTarget.of("192.0.2.2", 1812, new RadiusOptions("bob", "pa55word", "sh4red"));
        assertThat(target.toString()).contains("192.0.2.2:1812", "bob").doesNotContain("pa55word", "sh4red");
    }

    @Test
    void eachDirectiveReadsItsValueAsLdirectordDoes() {
        assertThat(OptionDirective.REQUEST.value().apply("health")).isEqualTo("/health");
        assertThat(OptionDirective.REQUEST.value().apply("/health")).isEqualTo("/health");
        assertThat(OptionDirective.RECEIVE.value().apply("")).isNull();
        assertThat(HttpOptions.HTTPMETHOD.value().apply("head now")).isEqualTo("HEAD");
        assertThat(HttpOptions.HTTPMETHOD.value().apply("post")).isNull();
        assertThat(HttpOptions.VIRTUALHOST.value().apply("\"www.example.com\"")).isEqualTo("www.example.com");
        assertThat(HttpOptions.VIRTUALHOST.value().apply("")).isEmpty();
        assertThat(List.of(OptionDirective.PASSWD, RadiusOptions.SECRET)).allMatch(OptionDirective::secret);
    }

    @Test
    void eachFamilysDefaultsAreItsDirectivesInitialValues() {
        assertThat(HttpOptions.FAMILY.initial()).isEqualTo(HttpOptions.DEFAULTS);
        assertThat(LoginOptions.FAMILY.initial()).isEqualTo(LoginOptions.DEFAULTS);
        assertThat(SqlOptions.FAMILY.initial()).isEqualTo(SqlOptions.DEFAULTS);
        assertThat(RadiusOptions.FAMILY.initial()).isEqualTo(RadiusOptions.DEFAULTS);
        assertThat(SipOptions.FAMILY.initial()).isEqualTo(SipOptions.DEFAULTS);
        assertThat(RequestOptions.FAMILY.initial()).isEqualTo(RequestOptions.DEFAULTS);
        assertThat(ExternalOptions.FAMILY.initial()).isEqualTo(ExternalOptions.DEFAULTS);
        assertThat(NoOptions.FAMILY.initial()).isEqualTo(CheckOptions.NONE);
    }

    @Test
    void nullIsRejectedEmptyMeansUnset() {
        assertThatThrownBy(() -> HttpOptions.builder().receive(null).build()).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SipOptions(null)).isInstanceOf(NullPointerException.class);
        assertThat(CheckOptions.NONE).isEqualTo(new NoOptions());
    }

    @Test
    void everyFamilyIsASealedCase() {
        CheckOptions o = new ExternalOptions("[2001:db8::1]", "80", "");
        String family = switch (o) {
            case HttpOptions h -> "http";
            case LoginOptions l -> "login";
            case SqlOptions s -> "sql";
            case RadiusOptions r -> "radius";
            case SipOptions s -> "sip";
            case RequestOptions r -> "request";
            case ExternalOptions e -> "external " + e.virtualAddress() + " " + e.virtualPort();
            case NoOptions n -> "none";
        };
        assertThat(family).isEqualTo("external [2001:db8::1] 80");
    }
}
