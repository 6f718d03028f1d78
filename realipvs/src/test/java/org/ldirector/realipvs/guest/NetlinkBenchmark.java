package org.ldirector.realipvs.guest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ldirector.director.ipvs.IpvsBackend;
import org.ldirector.director.ipvs.IpvsCommand;
import org.ldirector.director.ipvs.IpvsTable;
import org.ldirector.director.ipvs.IpvsadmBackend;
import org.ldirector.director.ipvs.IpvsadmLine;
import org.ldirector.director.ipvs.netlink.NetlinkIpvsBackend;

/**
 * In the guest, one run: 100 services with 100 destinations each (10,100 changes: the services,
 * then 10,000 destinations) and then 10,000 weight edits, through {@code ipvsadm -R} and through
 * netlink on the same kernel (flushed in between), and the table read back each way. Prints and
 * records the times; the tables must be the same.
 *
 * <p>Usage: {@code NetlinkBenchmark RESULTS_DIR}
 */
public final class NetlinkBenchmark {

    private static final int SERVICES = 100;
    private static final int REALS = 100;
    private static final long SETTLE_MILLIS = 5_000;

    private NetlinkBenchmark() {
    }

    private static List<IpvsCommand> create() throws Exception {
        List<IpvsCommand> out = new ArrayList<>();
        for (int s = 0; s < SERVICES; s++) {
            out.add(IpvsadmLine.parse("-A -t 10.77.1." + (s + 1) + ":80 -s wrr"));
        }
        for (int s = 0; s < SERVICES; s++) {
            for (int r = 0; r < REALS; r++) {
                out.add(IpvsadmLine.parse("-a -t 10.77.1." + (s + 1) + ":80 -r 10.77.2." + (r + 1) + ":8080 -m -w 1"));
            }
        }
        return out;
    }

    private static List<IpvsCommand> edits() throws Exception {
        List<IpvsCommand> out = new ArrayList<>();
        for (int s = 0; s < SERVICES; s++) {
            for (int r = 0; r < REALS; r++) {
                out.add(IpvsadmLine.parse("-e -t 10.77.1." + (s + 1) + ":80 -r 10.77.2." + (r + 1) + ":8080 -m -w "
                        + (2 + (s + r) % 50)));
            }
        }
        return out;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String f(double v) {
        return String.format("%.3f", v);
    }

    /** Applies both batches through {@code writer}; records create/edit seconds under {@code prefix}. */
    private static void changes(GuestReport report, String prefix, IpvsBackend writer, List<IpvsCommand> create,
                                List<IpvsCommand> edits) throws Exception {
        GuestReport.ipvsadm("-C");
        // The same start for every round: a flush of 10,000 destinations leaves the kernel freeing
        // them in RCU callbacks for a while, which the first round (on an empty table) did not
        // pay and the later ones did (their creation then took 1-7 times as long, at random).
        Thread.sleep(SETTLE_MILLIS);
        long t = System.nanoTime();
        writer.apply(create);
        report.measure(prefix + "_create_10100_s", f(seconds(t)));
        t = System.nanoTime();
        writer.apply(edits);
        report.measure(prefix + "_edit_10000_s", f(seconds(t)));
    }

    public static void main(String[] args) throws Exception {
        GuestReport report = new GuestReport(Path.of(args[0]));
        IpvsadmBackend ipvsadm = new IpvsadmBackend(Path.of("/usr/sbin/ipvsadm"), java.time.Duration.ofSeconds(120));
        NetlinkIpvsBackend netlink = new NetlinkIpvsBackend();
        List<IpvsCommand> create = create();
        List<IpvsCommand> edits = edits();

        changes(report, "ipvsadm", ipvsadm, create, edits);
        long t = System.nanoTime();
        String listing = GuestReport.ipvsadm("-L", "-n");
        report.measure("ipvsadm_Ln_process_s", f(seconds(t)));
        // What one ipvsadm process costs with next to no table to print (exec, the dynamic loader,
        // libnl's family lookup, one service of 100 reals): the rest of -L -n is the kernel's
        // dumps and the printing of the other 99 services.
        t = System.nanoTime();
        GuestReport.ipvsadm("-L", "-n", "-t", "10.77.1.1:80");
        report.measure("ipvsadm_one_service_process_s", f(seconds(t)));
        t = System.nanoTime();
        IpvsTable readByIpvsadm = ipvsadm.read();
        report.measure("ipvsadm_backend_read_s", f(seconds(t)));
        report.check("ipvsadm -L -n lists 10,000 reals", listing.lines().filter(l -> l.startsWith("  -> ")).count()
                == SERVICES * REALS + 1L);   // and the "  -> RemoteAddress:Port" header
        IpvsTable afterIpvsadm = netlink.read();

        changes(report, "netlink", netlink, create, edits);
        t = System.nanoTime();
        IpvsTable readByNetlink = netlink.read();
        report.measure("netlink_read_s", f(seconds(t)));
        // a second netlink read: the JIT has seen the code once (the director reads every check interval)
        t = System.nanoTime();
        netlink.read();
        report.measure("netlink_read_again_s", f(seconds(t)));

        report.checkEqual("the same 10,000-real table after ipvsadm -R and after netlink", afterIpvsadm, readByNetlink);
        report.checkEqual("ipvsadm and netlink read the same 10,000-real table", readByIpvsadm, readByNetlink);
        long reals = readByNetlink.services().values().stream().mapToLong(e -> e.destinations().size()).sum();
        report.check("the table has " + SERVICES + " services and " + (SERVICES * REALS) + " reals (" + reals + ")",
                readByNetlink.services().size() == SERVICES && reals == SERVICES * REALS);
        // Once more through netlink, the JIT warm (as in a daemon that has run for a while): what is
        // left of the create time is the kernel's own per-destination cost (allocation, per-CPU stats).
        changes(report, "netlink_warm", netlink, create, edits);
        GuestReport.ipvsadm("-C");
        System.exit(report.failures() == 0 ? 0 : 1);
    }
}
