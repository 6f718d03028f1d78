package org.ldirector.director.cli;

/** The texts of {@code -h}, {@code -v} and the usage message. */
final class Usage {

    private Usage() {
    }

    /** What ldirectord's pod2usage prints on a bad command line (on stdout, then exit 255). */
    static String synopsis() {
        return """
                Usage:
                    ldirectord [-d|--debug] [--] [*configfile*]
                    start|stop|restart|try-restart|reload|force-reload|status

                    ldirectord [-h|-?|--help|-v|--version]

                Options:
                    -d, --debug
                        Don't start as daemon and log verbosely.

                    -h, --help
                        Print user manual and exit.

                    -v, --version
                        Print version and exit.

                """;
    }

    /** {@code -h}: ldirectord runs perldoc on itself; we print the commands and options. */
    static String help() {
        return """
                ldirectord - Linux Director Daemon (ldirector, a Java successor to Linux-HA ldirectord)

                Usage:
                    ldirectord [options] [configfile] command

                Commands:
                    start          start the daemon (detached; in the foreground with -d or supervised=yes)
                    stop           stop the daemon; waits until its IPVS services are removed (cleanstop)
                    restart        stop, then start
                    try-restart    restart only if running
                    reload         re-read the configuration (SIGHUP); a bad file keeps the running one
                    force-reload   the same as reload
                    status         exit 0 if running, 3 if stopped, 1 if the pid file is stale
                    configtest     check the configuration and print it resolved; exit 0, or 2 on an error
                    list           the IPVS table with each real server's health, failures and last check
                    demo           start local demo real servers and run the director on them
                    ha-status      cluster mode: members, roles, last heartbeat, VIPs held, sync state
                    standby        cluster mode: give up the active role (like hb_standby)
                    takeover       cluster mode: take the active role (like hb_takeover)
                    stats          the IPVS table in ipvsadm -Ln --stats and --rate layouts, with the health columns
                    drain VIRTUAL REAL        weight 0, still checked (VIRTUAL as logged: tcp:IP:PORT, udp:..., fwm:N; REAL IP:PORT)
                    maintenance VIRTUAL REAL  out of the table until ready (kept across reload and restart)
                    ready VIRTUAL REAL        back to what its checks say
                    connections    the IPVS connection table in ipvsadm -Lnc layout (replicated in cluster mode)

                    ldirectord import SOURCE --to DIR [--from lvs.cf|keepalived] [--node-names NAME1,NAME2]
                                   write DIR/ldirectord.cf (and ha.cf, haresources, authkeys for a pair) from a
                                   Piranha lvs.cf or a keepalived.conf; prints what was not carried over;
                                   exit 0 all carried over, 3 something left out, 2 source unreadable

                Options:
                    -d, --debug        stay in the foreground and log verbosely on stderr
                    -h, -?, --help     print this help and exit
                    -v, --version      print the version and exit
                    --ipvsadm PATH     the ipvsadm binary (default /sbin/ipvsadm, then /usr/sbin/ipvsadm)
                    --ipvs BACKEND     how to reach IPVS: netlink (the kernel's generic netlink family, no ipvsadm),
                                       ipvsadm, or dry-run (default: netlink when the kernel has IPVS, else ipvsadm)
                    --dry-run          the same as --ipvs dry-run: do not touch the kernel, keep an in-memory IPVS
                                       table and log each change
                    --rundir DIR       where the pid file and control socket live (default /var/run)
                    --node NAME        cluster mode: this director's node name (default: uname -n)
                    --foreground       start in the foreground with the configured logging and a pid file (systemd)

                The configuration file is looked up as /etc/ha.d/<configfile>, /etc/ha.d/conf/<configfile>,
                then <configfile> as given (default ldirectord.cf). See ldirectord(8).
                """;
    }

    static String version() {
        return Main.VERSION_STR + "\n"
                + "1999-2006 Jacob Rief, Horms and others\n"
                + "<http://www.vergenet.net/linux/ldirectord/>\n"
                + "\n"
                + "ldirectord comes with ABSOLUTELY NO WARRANTY.\n"
                + "This is free software, and you are welcome to redistribute it\n"
                + "under certain conditions. See the GNU General Public Licence for details.\n"
                + "\n"
                + "ldirector " + Main.LDIRECTOR_VERSION + "\n";
    }
}
