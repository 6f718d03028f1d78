package org.ldirector.director.config;

import java.util.Objects;
import java.util.Optional;

import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.Forwarding;

/**
 * One {@code real=} entry (a range {@code a->b} gives one RealServer per address).
 *
 * @param endpoint       address and port (port 0 when the line gave none, as ldirectord stores it)
 * @param request        the per-real request string, if the line gave a request/receive pair
 * @param receive        the per-real receive regex, if the line gave a request/receive pair
 * @param lowerThreshold {@code l:N}, 0 if not given
 * @param upperThreshold {@code u:N}, 0 if not given
 * @param lineNumber     the config line it came from
 */
public record RealServer(Endpoint endpoint, Forwarding forwarding, int weight, Optional<String> request,
                         Optional<String> receive, int lowerThreshold, int upperThreshold, int lineNumber) {

    public RealServer {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(forwarding, "forwarding");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(receive, "receive");
    }
}
