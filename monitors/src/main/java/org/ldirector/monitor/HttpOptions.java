package org.ldirector.monitor;

import java.util.List;
import java.util.Objects;

/**
 * Options of the http, https and http_proxy checks ({@code check_http}).
 *
 * @param request     the request as configured, with its leading {@code /} (ldirectord adds one); may be an absolute URL
 * @param receive     the receive regex (matched unanchored, like Perl's {@code =~}); empty = none
 * @param virtualHost {@code Host} header; empty = the real server's address
 * @param httpMethod  {@code GET} or {@code HEAD}
 */
public record HttpOptions(String request, String receive, String virtualHost, String httpMethod) implements CheckOptions {

    /** {@code virtualhost = name} or {@code "name"}: the Host header. */
    public static final OptionDirective VIRTUALHOST = OptionDirective.optionallyQuoted("virtualhost");
    /** {@code httpmethod = GET|HEAD}, any case. */
    public static final OptionDirective HTTPMETHOD = OptionDirective.upperCaseWord("httpmethod", "GET",
            "httpmethod must be GET or HEAD", "GET", "HEAD");

    public static final OptionFamily<HttpOptions> FAMILY = new OptionFamily<>(
            List.of(OptionDirective.REQUEST, OptionDirective.RECEIVE, HTTPMETHOD, VIRTUALHOST),
            v -> new HttpOptions(v.apply(OptionDirective.REQUEST), v.apply(OptionDirective.RECEIVE), v.apply(VIRTUALHOST),
                    v.apply(HTTPMETHOD)));

    /** ldirectord's per-virtual defaults: {@code request="/"}, {@code httpmethod=GET}, nothing else set. */
    public static final HttpOptions DEFAULTS = FAMILY.initial();

    public HttpOptions {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(receive, "receive");
        Objects.requireNonNull(virtualHost, "virtualHost");
        Objects.requireNonNull(httpMethod, "httpMethod");
    }

    /** The options {@code target} carries when they are of this family, else {@link #DEFAULTS}. */
    public static HttpOptions of(CheckTarget target) {
        return target.options() instanceof HttpOptions o ? o : DEFAULTS;
    }

    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** For test fixtures and the config assembly: starts from {@link #DEFAULTS} (or a copy). */
    public static final class Builder {
        private String request;
        private String receive;
        private String virtualHost;
        private String httpMethod;

        private Builder(HttpOptions from) {
            request = from.request;
            receive = from.receive;
            virtualHost = from.virtualHost;
            httpMethod = from.httpMethod;
        }

        public Builder request(String value) {
            request = value;
            return this;
        }

        public Builder receive(String value) {
            receive = value;
            return this;
        }

        public Builder virtualHost(String value) {
            virtualHost = value;
            return this;
        }

        public Builder httpMethod(String value) {
            httpMethod = value;
            return this;
        }

        public HttpOptions build() {
            return new HttpOptions(request, receive, virtualHost, httpMethod);
        }
    }
}
