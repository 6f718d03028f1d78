package org.ldirector.director.importer;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The two formats the import reads, told apart by their keywords. */
public enum SourceFormat {
    LVS_CF("lvs.cf"),
    KEEPALIVED("keepalived");

    private static final Pattern KEEPALIVED_WORDS = Pattern.compile(
            "^\\s*(global_defs|vrrp_instance|vrrp_sync_group|vrrp_script|virtual_server|virtual_server_group|include"
                    + "|real_server|static_ipaddress|static_routes|net_namespace)\\b");
    private static final Pattern LVS_CF_WORDS = Pattern.compile(
            "^\\s*((service|primary|backup|backup_active|serial_no|network|heartbeat|keepalive|deadtime)\\s*="
                    + "|virtual\\s+\\S+\\s*\\{)");

    private final String option;

    SourceFormat(String option) {
        this.option = option;
    }

    /** The name {@code --from} takes. */
    public String option() {
        return option;
    }

    public static Optional<SourceFormat> fromOption(String name) {
        for (SourceFormat f : values()) {
            if (f.option.equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The format whose keywords come first in the file (comments aside), if any. */
    static Optional<SourceFormat> detect(List<String> lines) {
        for (String l : lines) {
            String line = l.strip();
            if (line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            if (KEEPALIVED_WORDS.matcher(line).find()) {
                return Optional.of(KEEPALIVED);
            }
            if (LVS_CF_WORDS.matcher(line).find()) {
                return Optional.of(LVS_CF);
            }
        }
        return Optional.empty();
    }
}
