package org.ldirector.realipvs.guest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.InMemoryIpvs;
import org.ldirector.director.ipvs.IpvsBackend;
import org.ldirector.director.ipvs.IpvsCommand;
import org.ldirector.director.ipvs.IpvsException;
import org.ldirector.director.ipvs.IpvsService;
import org.ldirector.director.ipvs.IpvsTable;
import org.ldirector.director.ipvs.IpvsadmBackend;
import org.ldirector.director.ipvs.IpvsadmLine;
import org.ldirector.director.ipvs.ServiceKey;
import org.ldirector.director.ipvs.SyncDaemonRole;
import org.ldirector.director.ipvs.netlink.NetlinkIpvsBackend;

/**
 * In the guest, in a network namespace of its own: every command form the ipvsadm backend sends,
 * as batches, applied once through {@code ipvsadm -R} and once through netlink on the same kernel
 * (flushed in between). After each batch the kernel's table is read through both backends, which
 * must agree with each other, with the in-memory model of ipvsadm + kernel, and with the other
 * run at the same step. Failing batches (kernel errors, an ipvsadm usage error) must leave the
 * same table behind. Then the sync daemon switch through each backend, read back through both.
 *
 * <p>Usage: {@code NetlinkProof RESULTS_DIR MCAST_INTERFACE}
 */
public final class NetlinkProof {

    private final GuestReport report;
    private final IpvsadmBackend ipvsadm = new IpvsadmBackend(Path.of("/usr/sbin/ipvsadm"));
    private final NetlinkIpvsBackend netlink = new NetlinkIpvsBackend();

    private NetlinkProof(GuestReport report) {
        this.report = report;
    }

    /** One batch of the scenario: its ipvsadm lines, and whether the batch must fail. */
    private record Step(String label, List<IpvsCommand> commands, boolean fails) {
    }

    private static IpvsCommand c(String line) throws IpvsException {
        return IpvsadmLine.parse(line);
    }

    private static List<Step> scenario() throws IpvsException {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("services of every kind", List.of(
                c("-A -t 10.77.0.100:80 -s wrr"),
                c("-A -u 10.77.0.100:53 -o -s rr"),
                c("-A -t 10.77.0.101:443 -s sh -p 300 -M 255.255.255.0 -b sh-port"),
                c("-A -f 7 -s wlc -p"),
                c("-A -f 8 -6 -s lc"),
                c("-A -t [2001:db8:77::100]:80 -s rr -p 60 -M 64")), false));
        steps.add(new Step("reals: gate, masq, ipip, thresholds, fwmark, IPv6", List.of(
                c("-a -t 10.77.0.100:80 -x 100 -y 10 -r 10.77.0.11:80 -g -w 5"),
                c("-a -t 10.77.0.100:80 -r 10.77.0.12:8080 -m -w 1"),
                c("-a -t 10.77.0.100:80 -r 10.77.0.13 -i -w 2"),
                c("-a -u 10.77.0.100:53 -r 10.77.0.11:5353 -m -w 1"),
                c("-a -t 10.77.0.101:443 -r 10.77.0.11 -g -w 1"),
                c("-a -f 7 -r 10.77.0.12:0 -g -w 3"),
                c("-a -f 8 -6 -r [2001:db8:77::11]:0 -g -w 1"),
                c("-a -t [2001:db8:77::100]:80 -r [2001:db8:77::12]:8080 -m -w 4")), false));
        steps.add(new Step("edits: quiesce form, thresholds, -E resets what it does not name", List.of(
                c("-e -t 10.77.0.100:80 -r 10.77.0.11:80 -g -w 0"),
                c("-e -t 10.77.0.100:80 -x 50 -y 5 -r 10.77.0.12:8080 -m -w 9"),
                c("-E -t 10.77.0.100:80 -s wlc"),
                c("-E -t 10.77.0.101:443 -s rr -p 60"),
                c("-E -u 10.77.0.100:53 -s rr")), false));
        steps.add(new Step("deletes", List.of(
                c("-d -t 10.77.0.100:80 -r 10.77.0.13"),
                c("-D -f 8 -6"),
                c("-d -t [2001:db8:77::100]:80 -r [2001:db8:77::12]:8080")), false));
        steps.add(new Step("kernel errors (EEXIST, ENOENT, ESRCH) amid good changes", List.of(
                c("-A -t 10.77.0.100:80 -s rr"),
                c("-a -t 10.77.0.100:80 -r 10.77.0.14:80 -g -w 1"),
                c("-d -t 10.77.0.100:80 -r 10.77.0.99"),
                c("-e -t 10.77.0.222:80 -r 10.77.0.11 -g -w 1"),
                c("-A -t 10.77.0.102:80 -s nosuch"),
                c("-a -t 10.77.0.100:80 -r 10.77.0.15:80 -g -w 1")), true));
        // ipvsadm's fail(2) "Zero port specified for non-persistent service": -R stops at that line
        ServiceKey portless = new ServiceKey.Address(ServiceKey.Protocol.TCP, Endpoint.parse("10.77.0.103:0"));
        steps.add(new Step("a line ipvsadm refuses ends the batch", List.of(
                c("-a -t 10.77.0.100:80 -r 10.77.0.16:80 -g -w 1"),
                new IpvsCommand.AddService(IpvsService.of(portless, "rr")),
                c("-a -t 10.77.0.100:80 -r 10.77.0.18:80 -g -w 1")), true));
        steps.add(new Step("everything removed", List.of(
                c("-D -t 10.77.0.100:80"), c("-D -u 10.77.0.100:53"), c("-D -t 10.77.0.101:443"), c("-D -f 7"),
                c("-D -t [2001:db8:77::100]:80")), false));
        return steps;
    }

    /** Runs the scenario through {@code writer}; returns the table after each step. */
    private List<IpvsTable> run(String name, IpvsBackend writer) throws Exception {
        GuestReport.ipvsadm("-C");
        InMemoryIpvs model = new InMemoryIpvs();
        List<IpvsTable> tables = new ArrayList<>();
        int i = 0;
        for (Step step : scenario()) {
            i++;
            String label = name + " step " + i + " (" + step.label() + ")";
            String error = null;
            try {
                writer.apply(step.commands());
            } catch (IpvsException e) {
                error = e.getMessage();
                for (IpvsCommand c : step.commands()) {
                    report.note(label + ": " + writer.failedChangeLine(c, e.getMessage()));
                }
            }
            try {
                model.apply(step.commands());
            } catch (IpvsException expected) {
                // the model fails the same batches; its table is what it applied
            }
            report.check(label + ": the batch " + (step.fails() ? "fails" : "succeeds")
                    + (error == null ? "" : " (" + error + ")"), (error != null) == step.fails());
            IpvsTable viaIpvsadm = ipvsadm.read();
            IpvsTable viaNetlink = netlink.read();
            report.checkEqual(label + ": netlink reads the table ipvsadm -L -n reads", viaIpvsadm, viaNetlink);
            report.checkEqual(label + ": the kernel holds what the ipvsadm model predicts", model.read(), viaNetlink);
            report.checkEqual(label + ": the counters read through netlink and ipvsadm --stats/--rate agree",
                    ipvsadm.readStatistics(), netlink.readStatistics());
            tables.add(viaNetlink);
        }
        report.checkEqual(name + ": the connection table through both", ipvsadm.connectionTable(), netlink.connectionTable());
        return tables;
    }

    private void syncDaemon(String name, IpvsBackend writer, String iface) throws Exception {
        writer.syncDaemon(SyncDaemonRole.MASTER, iface, OptionalInt.of(7));
        daemons(name + " master", List.of("master sync daemon (mcast=" + iface + ", syncid=7)"));
        writer.syncDaemon(SyncDaemonRole.MASTER, iface, OptionalInt.of(7));   // idempotent
        daemons(name + " master again", List.of("master sync daemon (mcast=" + iface + ", syncid=7)"));
        writer.syncDaemon(SyncDaemonRole.BACKUP, iface, OptionalInt.empty());
        daemons(name + " backup", List.of("backup sync daemon (mcast=" + iface + ", syncid=0)"));
        writer.syncDaemon(SyncDaemonRole.STOPPED, iface, OptionalInt.empty());
        daemons(name + " stopped", List.of());
    }

    private void daemons(String label, List<String> expected) throws Exception {
        // ipvsadm 1.31 goes on with ", maxlen=..., group=..., port=..., ttl=...)" on kernels that report them
        List<String> shown = GuestReport.ipvsadm("-L", "--daemon").lines().map(String::strip)
                .filter(l -> !l.isEmpty())
                .map(l -> l.replaceFirst("^((?:master|backup) sync daemon \\(mcast=[^,]+, syncid=\\d+).*$", "$1)"))
                .toList();
        report.checkEqual("sync daemon via " + label + ": ipvsadm -L --daemon", expected, shown);
        report.checkEqual("sync daemon via " + label + ": the netlink GET_DAEMON dump", expected, netlink.syncDaemons());
    }

    public static void main(String[] args) throws Exception {
        GuestReport report = new GuestReport(Path.of(args[0]));
        NetlinkProof proof = new NetlinkProof(report);
        report.check("netlink probe: " + proof.netlink.probe().detail(), proof.netlink.probe().available());
        List<IpvsTable> viaIpvsadm = proof.run("ipvsadm -R", proof.ipvsadm);
        List<IpvsTable> viaNetlink = proof.run("netlink", proof.netlink);
        for (int i = 0; i < viaIpvsadm.size(); i++) {
            report.checkEqual("step " + (i + 1) + ": the same kernel table after ipvsadm -R and after netlink",
                    viaIpvsadm.get(i), viaNetlink.get(i));
        }
        proof.syncDaemon("ipvsadm", proof.ipvsadm, args[1]);
        proof.syncDaemon("netlink", proof.netlink, args[1]);
        System.exit(report.failures() == 0 ? 0 : 1);
    }
}
