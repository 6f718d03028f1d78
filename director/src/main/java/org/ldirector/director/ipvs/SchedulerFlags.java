package org.ldirector.director.ipvs;

/**
 * Scheduler flags ({@code -b}) as ipvsadm 1.31 reads them ({@code parse_sched_flags}) and prints
 * them ({@code print_sched_flags}). The kernel keeps three bits; their names depend on the
 * scheduler: {@code sh-fallback}/{@code sh-port} for sh, {@code mh-fallback}/{@code mh-port} for
 * mh, {@code flag-1..3} for the others.
 */
public final class SchedulerFlags {

    // ip_vs.h: IP_VS_SVC_F_SCHED1 0x0008, SCHED2 0x0010, SCHED3 0x0020;
    // SH_FALLBACK = MH_FALLBACK = SCHED1, SH_PORT = MH_PORT = SCHED2.
    public static final int SCHED1 = 0x0008;
    public static final int SCHED2 = 0x0010;
    public static final int SCHED3 = 0x0020;

    private SchedulerFlags() {
    }

    /** The bits that {@code -b arg} sets for {@code scheduler}; a usage error as ipvsadm words it. */
    public static int bits(String scheduler, String arg, String line) throws IpvsUsageException {
        int flags = 0;
        String[] parts = arg.split(",");
        boolean any = false;
        for (String flag : parts) {
            if (flag.isEmpty()) {
                continue;   // strtok() skips empty fields
            }
            any = true;
            switch (flag) {
                case "flag-1" -> flags |= SCHED1;
                case "flag-2" -> flags |= SCHED2;
                case "flag-3" -> flags |= SCHED3;
                case "sh-fallback", "sh-port", "mh-fallback", "mh-port" -> {
                    if (!scheduler.equals(flag.substring(0, 2))) {
                        throw new IpvsUsageException(line + ": incompatible scheduler flag `" + flag + "'");
                    }
                    flags |= flag.endsWith("fallback") ? SCHED1 : SCHED2;
                }
                default -> throw new IpvsUsageException(line + ": invalid scheduler flag `" + flag + "'");
            }
        }
        if (!any) {
            throw new IpvsUsageException(line + ": invalid scheduler flag `" + arg + "'");
        }
        return flags;
    }

    /** print_sched_flags(): the text ipvsadm -L shows between parentheses (and -S after -b). */
    public static String shown(String scheduler, int flags) {
        StringBuilder sb = new StringBuilder();
        if (scheduler.equals("sh") || scheduler.equals("mh")) {
            if ((flags & SCHED1) != 0) {
                sb.append(scheduler).append("-fallback,");
            }
            if ((flags & SCHED2) != 0) {
                sb.append(scheduler).append("-port,");
            }
        } else {
            if ((flags & SCHED1) != 0) {
                sb.append("flag-1,");
            }
            if ((flags & SCHED2) != 0) {
                sb.append("flag-2,");
            }
            if ((flags & SCHED3) != 0) {
                sb.append("flag-3,");
            }
        }
        return sb.isEmpty() ? "" : sb.substring(0, sb.length() - 1);
    }

    /** {@code -b arg} as ipvsadm -L would show it afterwards (an sh scheduler's {@code flag-3} is not shown at all). */
    static String canonical(String scheduler, String arg, String line) throws IpvsUsageException {
        return shown(scheduler, bits(scheduler, arg, line));
    }

    /** For rendering a table built by hand: the canonical form if {@code flags} is valid, else as given. */
    static String shownLeniently(String scheduler, String flags) {
        try {
            return canonical(scheduler, flags, "");
        } catch (IpvsUsageException e) {
            return flags;
        }
    }
}
