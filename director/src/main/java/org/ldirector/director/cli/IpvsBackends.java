package org.ldirector.director.cli;

import java.nio.file.Path;

import org.ldirector.director.ipvs.DryRunIpvs;
import org.ldirector.director.ipvs.IpvsAvailability;
import org.ldirector.director.ipvs.IpvsBackend;
import org.ldirector.director.ipvs.IpvsadmBackend;
import org.ldirector.director.ipvs.netlink.NetlinkIpvsBackend;

/**
 * Picks the IPVS backend for a command line ({@link IpvsChoice}): {@code --ipvs netlink}, {@code --ipvs
 * ipvsadm} (or {@code --ipvsadm PATH}), {@code --ipvs dry-run} / {@code --dry-run}; without any,
 * netlink when the kernel answers for the IPVS family, else ipvsadm found as ldirectord finds it.
 */
final class IpvsBackends {

    private IpvsBackends() {
    }

    /** @throws IllegalStateException with ldirectord's {@code Can not find ipvsadm} when ipvsadm is wanted and there is none */
    static IpvsBackend select(Invocation inv) {
        return switch (inv.ipvs()) {
            case DRY_RUN -> dryRun();
            case NETLINK -> new NetlinkIpvsBackend();
            case IPVSADM -> ipvsadm(inv);
            case AUTO -> {
                NetlinkIpvsBackend netlink = new NetlinkIpvsBackend();
                yield netlink.probe().available() ? netlink : ipvsadm(inv);
            }
        };
    }

    private static IpvsBackend ipvsadm(Invocation inv) {
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

    /** Null when the kernel's IPVS can be used through the backend {@link #select} picks; else why not. */
    static String unavailableReason(Invocation inv) {
        if (inv.ipvs() == IpvsChoice.NETLINK) {
            IpvsAvailability a = new NetlinkIpvsBackend().probe();
            return a.available() ? null : a.detail();
        }
        if (inv.ipvs() == IpvsChoice.AUTO && new NetlinkIpvsBackend().probe().available()) {
            return null;
        }
        Path path = inv.ipvsadm().orElse(IpvsadmBackend.locate().orElse(null));
        if (path == null) {
            return "ipvsadm is not installed";
        }
        IpvsAvailability a = new IpvsadmBackend(path).probe();
        return a.available() ? null : a.detail();
    }
}
