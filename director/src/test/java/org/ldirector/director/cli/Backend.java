package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One virtual service of a test configuration with one real, whose peer the test stops and starts,
 * and what the daemon must do about it: the ipvsadm commands and log lines of a real
 * going down (quiesced to weight 0, or deleted) and coming back.
 *
 * @param name       what the real serves, for messages
 * @param section    the virtual's lines in ldirectord.cf
 * @param vip        the virtual as the log shows it ({@code 10.0.0.1:80}, {@code [::1]:80}, {@code 7})
 * @param vipArgs    the virtual as ipvsadm takes it ({@code -t 10.0.0.1:80}, {@code -f 7 -6})
 * @param listingKey the virtual as {@link DaemonUnderTest#table()} names it
 * @param real       the real as the kernel keeps it and the log shows it
 * @param forwarding its ipvsadm switch ({@code -m}, {@code -g})
 * @param peer       its server; null for a real that has none (it stays out of service)
 */
record Backend(String name, String section, String vip, String vipArgs, String listingKey, String real, String forwarding,
               int weight, boolean quiescent, Peer peer) {

    private static final Duration TRANSITION = Duration.ofSeconds(20);

    /**
     * The {@code index}-th virtual of a test configuration: {@code virtual[6]=<vip>} ({@code tcp}, {@code udp}, or a
     * firewall mark: {@code fwm}) with one {@code real[6]=<realInConfig> <forwarding> <weight>} that the kernel keeps
     * as {@code real}. Quiescent every other one (and always when it has no server: it is quiesced from the start),
     * weights 1 to 3 in turn.
     */
    static Backend of(int index, String name, boolean ipv6, String vip, String protocol, String directives, String realInConfig,
                      String real, String forwarding, Peer peer) {
        boolean quiescent = peer == null || index % 2 == 1;
        int weight = 1 + index % 3;
        String six = ipv6 ? "6" : "";
        StringBuilder section = new StringBuilder("virtual" + six + "=" + vip + "\n");
        section.append("\treal").append(six).append('=').append(realInConfig).append(' ').append(forwarding).append(' ')
                .append(weight).append('\n');
        if (protocol.equals("udp")) {
            section.append("\tprotocol=udp\n");
        }
        directives.lines().forEach(l -> section.append('\t').append(l).append('\n'));
        section.append("\tquiescent=").append(quiescent ? "yes" : "no").append('\n');
        String vipArgs = switch (protocol) {
            case "fwm" -> "-f " + vip + (ipv6 ? " -6" : "");
            case "udp" -> "-u " + vip;
            default -> "-t " + vip;
        };
        String listingKey = protocol.equals("fwm") ? "FWM " + vip + (ipv6 ? " IPv6" : "") : protocol.toUpperCase() + " " + vip;
        return new Backend(name, section.toString(), vip, vipArgs, listingKey, real, forwarding.equals("gate") ? "-g" : "-m",
                weight, quiescent, peer);
    }

    String upLine() {
        return (quiescent ? "Restored" : "Added") + " real server: " + real + " (" + vip + ") (Weight set to " + weight + ")";
    }

    String upCommand() {
        return (quiescent ? "-e " : "-a ") + vipArgs + " -x 0 -y 0 -r " + real + " " + forwarding + " -w " + weight;
    }

    /** At start: the real goes in once, with its weight, or quiesced when it has no server (ldirectord: added, then quiesced). */
    String startLine() {
        return peer == null ? downLine() : "Added real server: " + real + " (" + vip + ") (Weight set to " + weight + ")";
    }

    String startCommand() {
        return peer == null ? "-a " + vipArgs + " -r " + real + " " + forwarding + " -w 0"
                : "-a " + vipArgs + " -x 0 -y 0 -r " + real + " " + forwarding + " -w " + weight;
    }

    /** Logged when a real that failed succeeds again ({@code _service_up}), with the virtual's id ({@code tcp:VIP}, {@code fwm6:7}). */
    String resetLine() {
        String[] key = listingKey.split(" ");
        String vid = key[0].equals("FWM") ? (key.length > 2 ? "fwm6:" : "fwm:") + key[1] : key[0].toLowerCase() + ":" + key[1];
        return "Resetting soft failure count: " + real + " (" + vid + ")";
    }

    String downLine() {
        return quiescent ? "Quiescent real server: " + real + " (" + vip + ") (Weight set to 0)"
                : "Deleted real server: " + real + " (" + vip + ")";
    }

    String downCommand() {
        return quiescent ? "-e " + vipArgs + " -r " + real + " " + forwarding + " -w 0" : "-d " + vipArgs + " -r " + real;
    }

    /** The weight the table shows for this real, null when it is not there. */
    Integer weightIn(Map<String, Map<String, Integer>> table) {
        return table.getOrDefault(listingKey, Map.of()).get(real);
    }

    boolean inServiceIn(Map<String, Map<String, Integer>> table) {
        Integer w = weightIn(table);
        return w != null && w == weight;
    }

    /** Waits until the daemon has taken this real out (log line, ipvsadm command, table), all after {@code mark}. */
    void awaitDown(DaemonUnderTest daemon, DaemonUnderTest.Mark mark) {
        daemon.await(name + " down: " + downLine(), TRANSITION, () -> daemon.loggedSince(mark, downLine()));
        try {
            assertThat(daemon.ranSince(mark, downCommand())).as("%s down: ipvsadm %s", name, downCommand()).isTrue();
            assertThat(weightIn(daemon.table())).as("%s down: %s in %s", name, real, listingKey).isEqualTo(quiescent ? 0 : null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until the daemon has put this real back with its weight (log line, ipvsadm command, table). */
    void awaitUp(DaemonUnderTest daemon, DaemonUnderTest.Mark mark) {
        daemon.await(name + " up: " + upLine(), TRANSITION, () -> daemon.loggedSince(mark, upLine()));
        try {
            assertThat(daemon.ranSince(mark, upCommand())).as("%s up: ipvsadm %s", name, upCommand()).isTrue();
            assertThat(daemon.loggedSince(mark, resetLine())).as("%s up: %s", name, resetLine()).isTrue();
            assertThat(weightIn(daemon.table())).as("%s up: %s in %s", name, real, listingKey).isEqualTo(weight);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Writes the configuration ({@code checkinterval=1}, short timeouts, then every backend's virtual), starts the daemon,
     * waits until every real is in the table (weight 0 for those without a server), and asserts how each got there:
     * one {@code -A} and one {@code -a} each, nothing deleted (a quiescent real whose first probe fails on a loaded machine
     * may go in quiesced and be restored by the next).
     */
    static void start(DaemonUnderTest daemon, List<Backend> backends) throws Exception {
        StringBuilder cf = new StringBuilder("checktimeout=2\nnegotiatetimeout=3\ncheckinterval=1\nlogfile=\"" + daemon.log + "\"\n");
        backends.forEach(b -> cf.append('\n').append(b.section()));
        Files.writeString(daemon.config, cf);

        DaemonUnderTest.Result start = daemon.run("start");
        assertThat(start.exit()).as(start.err()).isZero();
        // The log line comes once the kernel shows the change: wait for both.
        daemon.await("every real in the table and logged", Duration.ofSeconds(60), () -> {
            Map<String, Map<String, Integer>> table = daemon.table();
            for (Backend b : backends) {
                if (!Integer.valueOf(b.peer() == null ? 0 : b.weight()).equals(b.weightIn(table))
                        || !daemon.logged(b.startLine()) && !daemon.logged(b.upLine())) {
                    return false;
                }
            }
            return true;
        });
        DaemonUnderTest.Mark origin = new DaemonUnderTest.Mark(0, 0);
        for (Backend b : backends) {
            assertThat(daemon.logged("Added virtual server: " + b.vip())).as(b.name()).isTrue();
            assertThat(daemon.ranSince(origin, "-A " + b.vipArgs() + " -s wrr")).as(b.name()).isTrue();
            if (b.peer() != null && b.quiescent() && !daemon.logged(b.startLine())) {
                // A first probe that failed (a loaded machine): placed quiesced, then restored by the next success.
                assertThat(daemon.logged(b.downLine()) && daemon.logged(b.upLine()))
                        .as("%s: %s, or %s then %s, in\n%s", b.name(), b.startLine(), b.downLine(), b.upLine(), daemon.logAbout(b.real()))
                        .isTrue();
                assertThat(daemon.ranSince(origin, "-a " + b.vipArgs() + " -r " + b.real() + " " + b.forwarding() + " -w 0")
                        && daemon.ranSince(origin, b.upCommand())).as(b.name()).isTrue();
                continue;
            }
            assertThat(daemon.logged(b.startLine())).as("%s: %s in\n%s", b.name(), b.startLine(), daemon.logAbout(b.real())).isTrue();
            assertThat(daemon.ranSince(origin, b.startCommand())).as(b.name()).isTrue();
        }
        assertThat(daemon.logLines()).as("no real is deleted at start").noneMatch(l -> l.contains("Deleted real server"));
    }

    /**
     * Stops the peers of {@code group} (together, to save time), asserts each one's way out of the table,
     * that the others stayed, then starts them again and asserts each one's way back.
     */
    static void toggle(DaemonUnderTest daemon, List<Backend> group, List<Backend> all) throws Exception {
        DaemonUnderTest.Mark beforeStop = daemon.mark();
        for (Backend b : group) {
            b.peer().stop();
        }
        for (Backend b : group) {
            b.awaitDown(daemon, beforeStop);
        }
        Map<String, Map<String, Integer>> table = daemon.table();
        List<Backend> others = new ArrayList<>(all);
        others.removeAll(group);
        for (Backend other : others) {
            Integer expected = other.peer() == null ? Integer.valueOf(0) : Integer.valueOf(other.weight());
            assertThat(other.weightIn(table)).as("%s untouched while %s are down", other.name(),
                    group.stream().map(Backend::name).toList()).isEqualTo(expected);
        }

        DaemonUnderTest.Mark beforeStart = daemon.mark();
        for (Backend b : group) {
            b.peer().start();
        }
        for (Backend b : group) {
            b.awaitUp(daemon, beforeStart);
        }
        List<String> changes = daemon.logLines().subList(beforeStop.logLines(), daemon.logLines().size());
        for (Backend other : others) {
            assertThat(changes).as("%s has no transition while %s toggle", other.name(), group.stream().map(Backend::name).toList())
                    .noneMatch(l -> l.contains(" " + other.real() + " (" + other.vip() + ")"));
        }
    }
}
