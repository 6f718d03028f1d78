package org.ldirector.director.ipvs;

/**
 * One change to the IPVS table. {@link #ipvsadmArgs()} gives the exact ipvsadm arguments, in the
 * forms ldirectord uses (its {@code ld_*} command builders), which are also valid lines for {@code ipvsadm -R}.
 */
public sealed interface IpvsCommand {

    String ipvsadmArgs();

    /** {@code -A <proto> <vip> [-o ]-s <sched> [-p <t> [-M <mask>]] [-b <flags>]}. */
    record AddService(IpvsService service) implements IpvsCommand {
        @Override
        public String ipvsadmArgs() {
            return "-A " + serviceArgs(service);
        }
    }

    /** {@code -E} with the same flags as {@code -A}. */
    record EditService(IpvsService service) implements IpvsCommand {
        @Override
        public String ipvsadmArgs() {
            return "-E " + serviceArgs(service);
        }
    }

    /** {@code -D <proto> <vip>}. */
    record DeleteService(ServiceKey key) implements IpvsCommand {
        @Override
        public String ipvsadmArgs() {
            return "-D " + key.ipvsadmArgs();
        }
    }

    /** {@code -a <proto> <vip> -x <u> -y <l> -r <rip:port> <fwd> -w <w>}; a weight-0 add without thresholds omits them (ldirectord's readd-quiescent form). */
    record AddDestination(ServiceKey key, IpvsDestination destination) implements IpvsCommand {
        @Override
        public String ipvsadmArgs() {
            return "-a " + destinationArgs(key, destination);
        }
    }

    /** {@code -e} with the same arguments as {@code -a}. */
    record EditDestination(ServiceKey key, IpvsDestination destination) implements IpvsCommand {
        @Override
        public String ipvsadmArgs() {
            return "-e " + destinationArgs(key, destination);
        }
    }

    /** {@code -d <proto> <vip> -r <rip:port>}. */
    record DeleteDestination(ServiceKey key, Endpoint endpoint) implements IpvsCommand {
        @Override
        public String ipvsadmArgs() {
            return "-d " + key.ipvsadmArgs() + " -r " + endpoint;
        }
    }

    private static String serviceArgs(IpvsService s) {
        StringBuilder sb = new StringBuilder(s.key().ipvsadmArgs());
        if (s.onePacket()) {
            sb.append(" -o");
        }
        sb.append(" -s ").append(s.scheduler());
        if (s.persistence().isPresent()) {
            sb.append(" -p ").append(s.persistence().getAsInt());
            s.netmask().ifPresent(m -> sb.append(" -M ").append(m));
        }
        s.schedFlags().ifPresent(f -> sb.append(" -b ").append(f));
        return sb.toString();
    }

    private static String destinationArgs(ServiceKey key, IpvsDestination d) {
        StringBuilder sb = new StringBuilder(key.ipvsadmArgs());
        // ldirectord's quiesce and readd-quiescent forms have no -x/-y (which resets both to 0);
        // a real configured with weight 0 and thresholds keeps them, or the table never matches.
        if (d.weight() != 0 || d.upperThreshold() != 0 || d.lowerThreshold() != 0) {
            sb.append(" -x ").append(d.upperThreshold()).append(" -y ").append(d.lowerThreshold());
        }
        sb.append(" -r ").append(d.endpoint());
        if (d.forwarding() != null) {
            sb.append(' ').append(d.forwarding().ipvsadmSwitch());
        }
        sb.append(" -w ").append(d.weight());
        return sb.toString();
    }
}
