package org.ldirector.monitor;

import java.util.List;
import java.util.Objects;

/**
 * Options of the checks that send one request and match the answer: dns (the name to look up, the
 * address or PTR name expected) and simpletcp (the bytes to send, the line expected).
 *
 * @param request with the leading {@code /} ldirectord's parser adds (the checks drop it)
 * @param receive the regex (unanchored); empty = none (dns: always down)
 */
public record RequestOptions(String request, String receive) implements CheckOptions {

    public static final OptionFamily<RequestOptions> FAMILY = new OptionFamily<>(
            List.of(OptionDirective.REQUEST, OptionDirective.RECEIVE),
            v -> new RequestOptions(v.apply(OptionDirective.REQUEST), v.apply(OptionDirective.RECEIVE)));

    public static final RequestOptions DEFAULTS = FAMILY.initial();

    public RequestOptions {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(receive, "receive");
    }

    /** The options {@code target} carries when they are of this family, else {@link #DEFAULTS}. */
    public static RequestOptions of(CheckTarget target) {
        return target.options() instanceof RequestOptions o ? o : DEFAULTS;
    }
}
