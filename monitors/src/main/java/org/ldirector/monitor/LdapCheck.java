package org.ldirector.monitor;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import java.net.InetAddress;
import java.time.Duration;
import java.util.regex.Pattern;
import javax.net.SocketFactory;

/**
 * ldirectord's {@code service=ldap} and {@code service=ldaps} negotiate check (
 * {@code check_ldap}, Net::LDAP), on the UnboundID LDAP SDK: connect (TLS from the first byte for
 * {@code ldaps}), bind (a simple bind when both {@code login} and {@code passwd} are set, else an
 * anonymous bind), then a base-scope search of the {@code request} without its leading {@code /}
 * with the filter {@code (objectClass=*)}. UP iff exactly one entry comes back and, when
 * {@code receive} is set, its DN matches the receive regex (unanchored).
 *
 * <p>Messages, as ldirectord's: {@code Success}; {@code Connection failed} (refused, unreachable,
 * or no connection within the timeout); {@code Bind failed}; {@code No answer received} (the search
 * failed, returned no entry or several, or the timeout ran out after connecting);
 * {@code Response mismatch}. A failed check is one DOWN result (ldirectord counted connect and bind
 * failures twice, docs/compatibility.md, known bugs).
 *
 * <p>ldaps accepts any certificate and checks no host name (like the other TLS checks). The
 * connection runs in synchronous mode: no reader thread per check.
 */
public final class LdapCheck implements Monitor {

    static final String CONNECTION_FAILED = "Connection failed";
    static final String BIND_FAILED = "Bind failed";
    static final String NO_ANSWER = "No answer received";
    static final String MISMATCH = "Response mismatch";
    static final String SUCCESS = "Success";

    private final boolean implicitTls;

    /** @param implicitTls true for {@code ldaps} (port 636), false for {@code ldap} */
    public LdapCheck(boolean implicitTls) {
        this.implicitTls = implicitTls;
    }

    public boolean implicitTls() {
        return implicitTls;
    }

    @Override
    public CheckResult check(CheckTarget target, Duration timeout) {
        if (target.port() == 0) {
            return CheckResult.down("no check port");
        }
        LoginOptions given = LoginOptions.of(target);
        Receive compiled = Receive.of(given.receive());
        if (compiled.invalid() != null) {
            return compiled.invalid();
        }
        Pattern receive = compiled.pattern();
        String base = given.request().startsWith("/") ? given.request().substring(1) : given.request();
        return BoundedProbe.run(implicitTls ? "ldirector-ldaps-check" : "ldirector-ldap-check", timeout, session -> {
            session.onTimeout(CONNECTION_FAILED);
            InetAddress address = HostLookup.resolve(target.host(), session.deadline());
            LDAPConnectionOptions options = new LDAPConnectionOptions();
            options.setUseSynchronousMode(true);
            options.setFollowReferrals(false);
            options.setConnectTimeoutMillis(session.soTimeoutMillis());
            options.setResponseTimeoutMillis(session.soTimeoutMillis());
            SocketFactory sockets = implicitTls ? TrustAnyCertificate.socketFactory() : SocketFactory.getDefault();
            try (LDAPConnection ldap = session.closeOnAbort(new LDAPConnection(sockets, options))) {
                try {
                    // With a host string, UnboundID would look the address's name up (reverse DNS).
                    ldap.connect(address.getHostAddress(), address, target.port(), session.soTimeoutMillis());
                } catch (LDAPException e) {
                    return CheckResult.down(CONNECTION_FAILED);
                }
                session.onTimeout(NO_ANSWER);
                BindRequest bind = !given.login().isEmpty() && !given.password().isEmpty()
                        ? new SimpleBindRequest(given.login(), given.password())
                        : new SimpleBindRequest();
                bind.setResponseTimeoutMillis(session.soTimeoutMillis());
                try {
                    ldap.bind(bind);
                } catch (LDAPException e) {
                    return CheckResult.down(isTimeout(e) ? NO_ANSWER : BIND_FAILED);
                }
                SearchResult result;
                try {
                    // "1.1": no attributes; the check looks at the DN only.
                    SearchRequest search = new SearchRequest(base, SearchScope.BASE, "(objectClass=*)", "1.1");
                    search.setResponseTimeoutMillis(session.soTimeoutMillis());
                    result = ldap.search(search);
                } catch (LDAPSearchException e) {
                    return CheckResult.down(NO_ANSWER);
                } catch (LDAPException e) {
                    return CheckResult.down(NO_ANSWER); // e.g. a request that is not a DN
                }
                if (result.getEntryCount() != 1) {
                    return CheckResult.down(NO_ANSWER);
                }
                SearchResultEntry entry = result.getSearchEntries().getFirst();
                return receive == null || receive.matcher(entry.getDN()).find()
                        ? CheckResult.up(SUCCESS)
                        : CheckResult.down(MISMATCH);
            }
        }, e -> CheckResult.down(e instanceof java.net.UnknownHostException
                ? CONNECTION_FAILED + " (" + Failures.describe(e) + ")" : NO_ANSWER));
    }

    private static boolean isTimeout(LDAPException e) {
        return e.getResultCode() == com.unboundid.ldap.sdk.ResultCode.TIMEOUT;
    }
}
