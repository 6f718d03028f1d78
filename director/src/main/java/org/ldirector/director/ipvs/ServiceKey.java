package org.ldirector.director.ipvs;

/**
 * Identifies one IPVS virtual service: protocol + address:port, or a firewall mark (IPv4 or IPv6).
 */
public sealed interface ServiceKey extends Comparable<ServiceKey> permits ServiceKey.Address, ServiceKey.Fwmark {

    /** The ipvsadm arguments naming this service: {@code -t 10.0.0.1:80}, {@code -u [::1]:53}, {@code -f 7}, {@code -f 7 -6}. */
    String ipvsadmArgs();

    /** As ldirectord prints the virtual in log lines: {@code 10.0.0.1:80}, {@code [v6]:80}, {@code 7}. */
    String display();

    /** ldirectord's virtual id ({@code get_virtual_id_str}): {@code tcp:10.0.0.1:80}, {@code udp:…}, {@code fwm:7}, {@code fwm6:7}. */
    String id();

    /** {@code tcp}, {@code udp} or {@code fwm}: the protocol word ldirectord passes to fallbackcommand. */
    String protocolName();

    boolean isIpv6();

    @Override
    default int compareTo(ServiceKey o) {
        return id().compareTo(o.id());
    }

    /** Transport protocol of an address-based service. */
    enum Protocol {
        TCP("-t", "tcp", "TCP"), UDP("-u", "udp", "UDP");

        private final String ipvsadmSwitch;
        private final String configName;
        private final String listName;

        Protocol(String ipvsadmSwitch, String configName, String listName) {
            this.ipvsadmSwitch = ipvsadmSwitch;
            this.configName = configName;
            this.listName = listName;
        }

        public String ipvsadmSwitch() {
            return ipvsadmSwitch;
        }

        public String configName() {
            return configName;
        }

        /** {@code TCP}/{@code UDP} as in ipvsadm -L's first column. */
        public String listName() {
            return listName;
        }
    }

    record Address(Protocol protocol, Endpoint endpoint) implements ServiceKey {
        @Override
        public String ipvsadmArgs() {
            return protocol.ipvsadmSwitch() + " " + endpoint;
        }

        @Override
        public String display() {
            return endpoint.toString();
        }

        @Override
        public String id() {
            return protocol.configName() + ":" + endpoint;
        }

        @Override
        public String protocolName() {
            return protocol.configName();
        }

        @Override
        public boolean isIpv6() {
            return endpoint.isIpv6();
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /** @param mark the firewall mark as an unsigned 32-bit value (marks above 2^31-1 are negative ints) */
    record Fwmark(int mark, boolean ipv6) implements ServiceKey {
        public Fwmark {
            // ipvsadm's parse_fwmark() accepts 1..UINT_MAX; only 0 means "no fwmark"
            if (mark == 0) {
                throw new IllegalArgumentException("fwmark must be greater than zero");
            }
        }

        @Override
        public String ipvsadmArgs() {
            return "-f " + Integer.toUnsignedString(mark) + (ipv6 ? " -6" : "");
        }

        @Override
        public String display() {
            return Integer.toUnsignedString(mark);
        }

        @Override
        public String id() {
            return (ipv6 ? "fwm6:" : "fwm:") + Integer.toUnsignedString(mark);
        }

        @Override
        public String protocolName() {
            return "fwm";
        }

        @Override
        public boolean isIpv6() {
            return ipv6;
        }

        @Override
        public String toString() {
            return id();
        }
    }
}
