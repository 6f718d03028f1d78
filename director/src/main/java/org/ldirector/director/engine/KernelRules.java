package org.ldirector.director.engine;

import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.Forwarding;
import org.ldirector.director.ipvs.ServiceKey;

/** How the kernel stores what we ask for, so that we compare like with like. */
public final class KernelRules {

    private KernelRules() {
    }

    /**
     * ipvsadm forces the destination port to the service port for gate and ipip on non-fwmark
     * services (ipvsadm.c, process_options; masq keeps what it is given, even port 0), so
     * {@code real=10.0.0.2 gate} on {@code :80} is
     * {@code 10.0.0.2:80} in the kernel. ldirectord compares the configured {@code 10.0.0.2:0}
     * with it, fails to match, and purges and re-adds it on every start (bug 9); we compare the
     * kernel form.
     */
    public static Endpoint kernelEndpoint(ServiceKey service, Endpoint configured, Forwarding forwarding) {
        if (service instanceof ServiceKey.Address a && forwarding != Forwarding.MASQ) {
            return configured.withPort(a.endpoint().port());
        }
        return configured;
    }

    /**
     * The real as the log, {@code list}, the page and the actions name it: {@code IP:PORT}, with
     * the virtual's port for a real configured without one.
     */
    public static Endpoint realName(ServiceKey service, Endpoint configured) {
        if (configured.port() == 0 && service instanceof ServiceKey.Address a) {
            return configured.withPort(a.endpoint().port());
        }
        return configured;
    }
}
