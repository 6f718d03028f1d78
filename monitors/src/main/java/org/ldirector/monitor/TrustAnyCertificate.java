package org.ldirector.monitor;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts every server certificate: ldirectord's stated intent for TLS backends
 * ({@code verify_hostname => 0}), which mostly carry self-signed certificates. A health check
 * asks "is this backend serving?", not "is it who it claims to be?". An
 * {@link X509ExtendedTrustManager}, so the JDK does not wrap it with its own endpoint and algorithm
 * checks.
 */
final class TrustAnyCertificate extends X509ExtendedTrustManager {

    static final TrustAnyCertificate INSTANCE = new TrustAnyCertificate();
    private static final X509Certificate[] NONE = new X509Certificate[0];

    private TrustAnyCertificate() {
    }

    /** Sockets for implicit-TLS checks (pops, imaps): any certificate, no host name check, no SNI for IP literals. */
    static SSLSocketFactory socketFactory() {
        return Holder.FACTORY;
    }

    static SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {INSTANCE}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for checks", e);
        }
    }

    private static final class Holder {
        static final SSLSocketFactory FACTORY = sslContext().getSocketFactory();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NONE;
    }
}
