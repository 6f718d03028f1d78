package org.ldirector.director.cli;

import java.nio.file.Path;

import org.ldirector.director.ipvs.DryRunIpvs;
import org.ldirector.director.ipvs.IpvsAvailability;
import org.ldirector.director.ipvs.IpvsBackend;
import org.ldirector.director.ipvs.IpvsadmBackend;

/** Picks the IPVS backend for a command line: {@code --dry-run}, {@code --ipvsadm PATH}, or ipvsadm found as ldirectord does. */
final class IpvsBackends {

    private IpvsBackends() {
    }

    /** @throws IllegalStateException with ldirectord's {@code Can not find ipvsadm} when there is none */
    static IpvsBackend select(Invocation inv) {
        if (inv.dryRun()) {
            return dryRun();
        }
        Path path = inv.ipvsadm().orElseGet(() -> IpvsadmBackend.locate().orElseThrow(
                () -> new IllegalStateException("Can not find ipvsadm")));
        return new IpvsadmBackend(path);
    }

    static IpvsBackend dryRun() {
        return new DryRunIpvs();
    }

    static String describe(Invocation inv) {
        return select(inv).describe();
    }

    /** Null when the kernel's IPVS can be used through ipvsadm; else why not. */
    static String unavailableReason(Invocation inv) {
        Path path = inv.ipvsadm().orElse(IpvsadmBackend.locate().orElse(null));
        if (path == null) {
            return "ipvsadm is not installed";
        }
        IpvsAvailability a = new IpvsadmBackend(path).probe();
        return a.available() ? null : a.detail();
    }
}
