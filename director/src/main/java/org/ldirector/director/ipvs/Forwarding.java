package org.ldirector.director.ipvs;

/** IPVS packet-forwarding method, with ldirectord's name, ipvsadm's switch and ipvsadm -L's column text. */
public enum Forwarding {
    GATE("gate", "-g", "Route"),
    MASQ("masq", "-m", "Masq"),
    IPIP("ipip", "-i", "Tunnel");

    private final String configName;
    private final String ipvsadmSwitch;
    private final String listName;

    Forwarding(String configName, String ipvsadmSwitch, String listName) {
        this.configName = configName;
        this.ipvsadmSwitch = ipvsadmSwitch;
        this.listName = listName;
    }

    /** {@code gate}, {@code masq}, {@code ipip} as written in ldirectord.cf. */
    public String configName() {
        return configName;
    }

    /** {@code -g}, {@code -m}, {@code -i}. */
    public String ipvsadmSwitch() {
        return ipvsadmSwitch;
    }

    /** {@code Route}, {@code Masq}, {@code Tunnel} as printed by {@code ipvsadm -L -n}. */
    public String listName() {
        return listName;
    }

    public static Forwarding fromConfigName(String name) {
        for (Forwarding f : values()) {
            if (f.configName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("forward method must be gate, masq or ipip");
    }

    /** From an ipvsadm switch ({@code -g/-m/-i}, also the long forms). */
    public static Forwarding fromSwitch(String s) {
        return switch (s) {
            case "-g", "--gatewaying" -> GATE;
            case "-m", "--masquerading" -> MASQ;
            case "-i", "--ipip" -> IPIP;
            default -> throw new IllegalArgumentException("unknown forwarding switch: " + s);
        };
    }

    /** From ipvsadm -L's column; {@code Local} and unknown names give null (ldirectord never matches them). */
    public static Forwarding fromListName(String s) {
        for (Forwarding f : values()) {
            if (f.listName.equals(s)) {
                return f;
            }
        }
        return null;
    }
}
