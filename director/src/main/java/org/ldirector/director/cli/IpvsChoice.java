package org.ldirector.director.cli;

import java.util.Optional;

/** {@code --ipvs netlink|ipvsadm|dry-run}; {@link #AUTO} when none is given (netlink when the kernel has IPVS, else ipvsadm). */
public enum IpvsChoice {
    AUTO(""), NETLINK("netlink"), IPVSADM("ipvsadm"), DRY_RUN("dry-run");

    private final String option;

    IpvsChoice(String option) {
        this.option = option;
    }

    /** The value of {@code --ipvs} ({@code ""} for {@link #AUTO}). */
    public String option() {
        return option;
    }

    static Optional<IpvsChoice> parse(String value) {
        for (IpvsChoice c : values()) {
            if (c != AUTO && c.option.equals(value)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * From the options as given: {@code --dry-run} is {@code --ipvs dry-run}; {@code --ipvsadm PATH}
     * alone means the ipvsadm backend.
     *
     * @throws Invocation.UsageException for an unknown value or options that contradict each other
     */
    static IpvsChoice of(String ipvs, boolean dryRun, boolean ipvsadmPath) throws Invocation.UsageException {
        IpvsChoice c = AUTO;
        if (ipvs != null) {
            c = parse(ipvs).orElseThrow(() -> new Invocation.UsageException(
                    "--ipvs must be netlink, ipvsadm or dry-run, not '" + ipvs + "'"));
        }
        if (dryRun) {
            if (c != AUTO && c != DRY_RUN) {
                throw new Invocation.UsageException("--dry-run contradicts --ipvs " + c.option);
            }
            c = DRY_RUN;
        }
        if (ipvsadmPath && c == NETLINK) {
            throw new Invocation.UsageException("--ipvsadm PATH contradicts --ipvs netlink (netlink runs no ipvsadm)");
        }
        if (ipvsadmPath && c == AUTO) {
            c = IPVSADM;
        }
        return c;
    }
}
