package org.ldirector.monitor;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * ldirectord's {@code service=dns} negotiate check ({@code check_dns}, Net::DNS), on dnsjava:
 * one query to the real server itself as the name server, at the check port, over TCP when the
 * virtual service is TCP, else UDP (a truncated UDP answer is retried over TCP).
 *
 * <p>The query is the {@code request} without its leading {@code /}: an IP literal is asked as a
 * {@code PTR} query of its reverse name; a name is asked as an {@code AAAA} query when
 * {@code receive} is an IPv6 address, else as an {@code A} query (AAAA is an extension: ldirectord
 * knew only A). The name is absolute: unlike Net::DNS's {@code search}, no resolv.conf search list
 * is appended, so the check sends the same query on every director whatever its resolver
 * configuration.
 *
 * <p>UP iff the answer section holds an A/AAAA record whose address equals {@code receive} (compared
 * as addresses, so {@code 2001:db8::1} equals {@code 2001:DB8:0::1}), or a PTR record whose target
 * equals {@code receive} (case-insensitive, trailing dot optional). An empty {@code receive} is DOWN
 * without a query, as it always was in ldirectord, but with a message that says why.
 *
 * <p>Messages: {@code Success}, {@code Response mismatch} and {@code Connection timed out} as
 * ldirectord's; {@code no answer: NXDOMAIN} (or another response code); a transport failure
 * ({@code Connection refused}, {@code Port unreachable}).
 */
public final class DnsCheck implements Monitor {

    static final String EMPTY_RECEIVE = "dns check needs receive= (the address or name the answer must hold)";
    static final String TIMED_OUT = "Connection timed out";

    public DnsCheck() {
    }

    @Override
    public CheckResult check(CheckTarget target, Duration timeout) {
        RequestOptions options = RequestOptions.of(target);
        if (options.receive().isEmpty()) {
            return CheckResult.down(EMPTY_RECEIVE);
        }
        if (target.port() == 0) {
            return CheckResult.down("no check port");
        }
        String request = options.request().startsWith("/") ? options.request().substring(1) : options.request();
        Question question;
        try {
            question = Question.of(request, options.receive());
        } catch (TextParseException | UnknownHostException e) {
            return CheckResult.down("invalid request " + request + ": " + Failures.describe(e));
        }
        return BoundedProbe.run("ldirector-dns-check", timeout, session -> {
            session.onTimeout(TIMED_OUT);
            InetAddress server = HostLookup.resolve(target.host(), session.deadline());
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(server, target.port()));
            resolver.setTCP(target.transport() == Transport.TCP);
            resolver.setTimeout(Duration.ofMillis(session.soTimeoutMillis()));
            Message query = Message.newQuery(Record.newRecord(question.name(), question.type(), DClass.IN));
            Message answer;
            try {
                answer = resolver.sendAsync(query).toCompletableFuture()
                        .get(session.soTimeoutMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            if (answer.getRcode() != Rcode.NOERROR) {
                return CheckResult.down("no answer: " + Rcode.string(answer.getRcode()));
            }
            for (Record record : answer.getSection(Section.ANSWER)) {
                if (question.matches(record)) {
                    return CheckResult.up("Success");
                }
            }
            return CheckResult.down("Response mismatch");
        }, e -> CheckResult.down(Failures.describe(e)));
    }

    /** What to ask and what answer counts. */
    private record Question(Name name, int type, InetAddress expectedAddress, String expectedName) {

        static Question of(String request, String receive) throws TextParseException, UnknownHostException {
            InetAddress literal = request.isEmpty() ? null : HostLookup.parseLiteral(request);
            if (literal != null) {
                return new Question(ReverseMap.fromAddress(literal), Type.PTR, null, normalise(receive));
            }
            InetAddress expected = parseAddress(receive);
            int type = expected != null && expected.getAddress().length == 16 ? Type.AAAA : Type.A;
            return new Question(Name.fromString(request, Name.root), type, expected, null);
        }

        boolean matches(Record record) {
            return switch (record) {
                case ARecord a -> type == Type.A && a.getAddress().equals(expectedAddress);
                case AAAARecord a -> type == Type.AAAA && a.getAddress().equals(expectedAddress);
                case PTRRecord p -> type == Type.PTR && normalise(p.getTarget().toString()).equals(expectedName);
                default -> false;
            };
        }

        private static InetAddress parseAddress(String text) {
            try {
                return HostLookup.parseLiteral(text);
            } catch (UnknownHostException e) {
                return null;
            }
        }

        private static String normalise(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
        }
    }
}
