package org.ldirector.director.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * {@code getservbyname(3)}: a service name to a port number. Java has none, so {@link #system()} reads
 * {@code /etc/services} (as glibc does) and falls back to a built-in table of the common names only when that file
 * does not exist or cannot be read.
 */
@FunctionalInterface
public interface ServicePorts {

    /**
     * The port of service {@code name} for {@code protocol} ({@code tcp}, {@code udp}; the empty string means any
     * protocol, as ldirectord asks for real servers).
     */
    OptionalInt port(String name, String protocol);

    /** {@code /etc/services}, else {@link #builtIn()}. */
    static ServicePorts system() {
        Path file = Path.of("/etc/services");
        if (Files.isReadable(file)) {
            try {
                return parse(Files.readString(file, StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                return builtIn();
            }
        }
        return builtIn();
    }

    /** Parses text in {@code services(5)} format: {@code name port/protocol [aliases...] [# comment]}. */
    static ServicePorts parse(String servicesFile) {
        record Entry(List<String> names, int port, String protocol) {
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : servicesFile.split("\n")) {
            int hash = line.indexOf('#');
            String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (f.length < 2) {
                continue;
            }
            int slash = f[1].indexOf('/');
            if (slash <= 0) {
                continue;
            }
            int port;
            try {
                port = Integer.parseInt(f[1].substring(0, slash));
            } catch (NumberFormatException e) {
                continue;
            }
            List<String> names = new ArrayList<>(List.of(f));
            names.remove(1);
            entries.add(new Entry(names, port, f[1].substring(slash + 1).toLowerCase(Locale.ROOT)));
        }
        List<Entry> table = List.copyOf(entries);
        return (name, protocol) -> {
            for (Entry e : table) {
                if ((protocol.isEmpty() || e.protocol().equals(protocol)) && e.names().contains(name)) {
                    return OptionalInt.of(e.port());
                }
            }
            return OptionalInt.empty();
        };
    }

    /** The common names (a subset of Debian's {@code /etc/services}), for hosts without the file. */
    static ServicePorts builtIn() {
        return parse("""
                ftp-data 20/tcp
                ftp 21/tcp
                ssh 22/tcp
                telnet 23/tcp
                smtp 25/tcp mail
                domain 53/tcp
                domain 53/udp
                http 80/tcp www
                kerberos 88/tcp kerberos5 krb5 kerberos-sec
                kerberos 88/udp kerberos5 krb5 kerberos-sec
                pop3 110/tcp pop-3
                sunrpc 111/tcp portmapper
                sunrpc 111/udp portmapper
                nntp 119/tcp readnews untp
                ntp 123/udp
                imap2 143/tcp imap
                snmp 161/tcp
                snmp 161/udp
                ldap 389/tcp
                ldap 389/udp
                https 443/tcp
                https 443/udp
                microsoft-ds 445/tcp
                syslog 514/udp
                submission 587/tcp
                ldaps 636/tcp
                ldaps 636/udp
                imaps 993/tcp
                pop3s 995/tcp
                ms-sql-s 1433/tcp
                openvpn 1194/tcp
                openvpn 1194/udp
                radius 1812/tcp
                radius 1812/udp
                radius-acct 1813/tcp radacct
                radius-acct 1813/udp radacct
                nfs 2049/tcp
                nfs 2049/udp
                mysql 3306/tcp
                sip 5060/tcp
                sip 5060/udp
                sip-tls 5061/tcp
                sip-tls 5061/udp
                postgresql 5432/tcp postgres
                x11 6000/tcp x11-0
                http-alt 8080/tcp webcache
                memcache 11211/tcp
                memcache 11211/udp
                """);
    }
}
