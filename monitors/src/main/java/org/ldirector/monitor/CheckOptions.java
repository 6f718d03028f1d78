package org.ldirector.monitor;

/**
 * The service-specific part of what a check sends: one record per service family, owned next to
 * its check, so that a new option touches that family's record and its check only. The common part
 * (host, check port, transport) stays in {@link CheckTarget}. Strings are never null; an empty
 * string means "not set", as in ldirectord.cf. Every record that holds a password or a secret
 * hides it in {@code toString}.
 */
public sealed interface CheckOptions permits HttpOptions, LoginOptions, SqlOptions, RadiusOptions, SipOptions,
        RequestOptions, ExternalOptions, NoOptions {

    /** For checks that take no options: connect, ping, smtp, nntp, none. */
    CheckOptions NONE = new NoOptions();

    /** A password or secret as {@code toString} shows it: empty stays empty, anything else is {@code <hidden>}. */
    static String hidden(String secret) {
        return secret.isEmpty() ? "" : "<hidden>";
    }
}
