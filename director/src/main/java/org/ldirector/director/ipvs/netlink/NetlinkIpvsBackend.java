package org.ldirector.director.ipvs.netlink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.IpvsAvailability;
import org.ldirector.director.ipvs.IpvsBackend;
import org.ldirector.director.ipvs.IpvsCommand;
import org.ldirector.director.ipvs.IpvsCounters;
import org.ldirector.director.ipvs.IpvsDestination;
import org.ldirector.director.ipvs.IpvsException;
import org.ldirector.director.ipvs.IpvsStatistics;
import org.ldirector.director.ipvs.IpvsTable;
import org.ldirector.director.ipvs.IpvsUsageException;
import org.ldirector.director.ipvs.IpvsadmLine;
import org.ldirector.director.ipvs.ServiceKey;
import org.ldirector.director.ipvs.SyncDaemonRole;
import org.ldirector.failover.conn.ConnectionListing;
import org.ldirector.failover.conn.ConnectionTableReader;

/**
 * The kernel's IPVS table over the IPVS generic-netlink family, as keepalived and libipvs talk to
 * it; no {@code ipvsadm} process runs.
 *
 * <p>{@link #apply} reads each command the way ipvsadm would ({@link IpvsadmLine#kernelForm}: the same
 * defaults, the same port rule, the same usage errors), writes every request of the batch with
 * consecutive sequence numbers, sends them in chunks of {@value #CHUNK} per {@code sendto}, only
 * the last of a chunk with {@code NLM_F_ACK}, and then reads the chunk's answers ({@link BatchAcks}:
 * the errors of the failed requests, then the last one's ACK): no round trip and no {@code recv}
 * per change. The kernel handles each
 * message on its own and goes on after a failed one, as {@code ipvsadm -R} goes on after a line the
 * kernel refused; a command ipvsadm itself would refuse ends the batch there, the commands before it
 * applied. Either way the batch fails with an {@link IpvsException} that says it may be applied in
 * part, and the engine re-reads the table; {@link #failedChangeLine} names each failed command with
 * its errno.
 *
 * <p>{@link #read} takes one {@code GET_SERVICE} dump and one {@code GET_DEST} dump per service (a
 * netlink socket runs one dump at a time). A service that vanishes between the two (another tool)
 * makes the read start again, at most {@value #READ_ATTEMPTS} times.
 */
public final class NetlinkIpvsBackend implements IpvsBackend {

    /** Requests per {@code sendto}; their ACKs must fit the receive buffer before they are read. */
    static final int CHUNK = 256;
    private static final int READ_ATTEMPTS = 3;

    private final Duration timeout;
    /** The errno text of each command of the last failed batch, for {@link #failedChangeLine}. */
    private final Map<IpvsCommand, String> lastFailures = new ConcurrentHashMap<>();

    public NetlinkIpvsBackend() {
        this(Duration.ofSeconds(10));
    }

    public NetlinkIpvsBackend(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String describe() {
        return "netlink (generic netlink family IPVS)";
    }

    @Override
    public IpvsAvailability probe() {
        try (Session s = open()) {
            NetlinkWriter w = new NetlinkWriter(64);
            int seq = s.nextSeq();
            IpvsRequests.info(w, s.family.id(), seq);
            List<NetlinkMessage> replies = s.request(w, seq, Answer.REPLY);
            for (NetlinkMessage m : replies) {
                if (m.genlCommand() == 14) {   // IPVS_CMD_SET_INFO: IPVS_INFO_ATTR_VERSION, _CONN_TAB_SIZE
                    NetlinkAttributes a = m.attributes();
                    return IpvsAvailability.available("IP Virtual Server version " + IpvsReplies.version(a.u32(1))
                            + " (size=" + a.u32(2, 0) + ") over generic netlink");
                }
            }
            return IpvsAvailability.available("IP Virtual Server over generic netlink");
        } catch (IpvsException e) {
            return IpvsAvailability.unavailable(e.getMessage());
        }
    }

    @Override
    public IpvsTable read() throws IpvsException {
        return readStatistics().table();
    }

    @Override
    public IpvsStatistics readStatistics() throws IpvsException {
        IpvsException last = null;
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            try (Session s = open()) {
                return dumpAll(s);
            } catch (ServiceVanished e) {
                last = e;
            }
        }
        throw new IpvsException("the IPVS table kept changing while it was read (" + READ_ATTEMPTS + " attempts): "
                + last.getMessage());
    }

    private static final class ServiceVanished extends IpvsException {
        ServiceVanished(String message) {
            super(message);
        }
    }

    private IpvsStatistics dumpAll(Session s) throws IpvsException {
        NetlinkWriter w = new NetlinkWriter(128);
        int seq = s.nextSeq();
        IpvsRequests.dumpServices(w, s.family.id(), seq);
        List<IpvsReplies.Service> services = new ArrayList<>();
        for (NetlinkMessage m : s.request(w, seq, Answer.DUMP)) {
            IpvsReplies.service(m).ifPresent(services::add);
        }
        TreeMap<ServiceKey, IpvsTable.Entry> entries = new TreeMap<>();
        Map<ServiceKey, IpvsCounters> serviceCounters = new LinkedHashMap<>();
        Map<ServiceKey, Map<Endpoint, IpvsCounters>> destCounters = new LinkedHashMap<>();
        for (IpvsReplies.Service svc : services) {
            ServiceKey key = svc.service().key();
            w.clear();
            seq = s.nextSeq();
            IpvsRequests.dumpDestinations(w, s.family.id(), seq, key);
            List<NetlinkMessage> replies;
            try {
                replies = s.request(w, seq, Answer.DUMP);
            } catch (KernelError e) {
                if (e.errno == Errno.ESRCH || e.errno == Errno.ENOENT) {
                    throw new ServiceVanished("the service " + key + " went away while its reals were read");
                }
                throw e;
            }
            TreeMap<Endpoint, IpvsDestination> dests = new TreeMap<>();
            Map<Endpoint, IpvsCounters> perReal = new LinkedHashMap<>();
            long active = 0;
            long inactive = 0;
            for (NetlinkMessage m : replies) {
                IpvsReplies.Destination d = IpvsReplies.destination(m, key.isIpv6());
                dests.put(d.destination().endpoint(), d.destination());
                perReal.put(d.destination().endpoint(), d.counters());
                active += d.counters().activeConnections();
                inactive += d.counters().inactiveConnections();
            }
            entries.put(key, new IpvsTable.Entry(svc.service(), dests));
            IpvsCounters c = svc.counters();
            serviceCounters.put(key, new IpvsCounters(active, inactive, c.connections(), c.packetsIn(), c.packetsOut(),
                    c.bytesIn(), c.bytesOut(), c.connectionsPerSecond(), c.packetsInPerSecond(),
                    c.packetsOutPerSecond(), c.bytesInPerSecond(), c.bytesOutPerSecond()));
            destCounters.put(key, perReal);
        }
        return new IpvsStatistics(new IpvsTable(entries), serviceCounters, destCounters);
    }

    @Override
    public void apply(List<IpvsCommand> commands) throws IpvsException {
        lastFailures.clear();
        if (commands.isEmpty()) {
            return;
        }
        List<IpvsCommand> kernelForm = new ArrayList<>(commands.size());
        IpvsUsageException refused = null;
        for (IpvsCommand c : commands) {
            try {
                kernelForm.add(IpvsadmLine.kernelForm(c));
            } catch (IpvsUsageException e) {
                refused = e;          // ipvsadm -R stops here: the lines before it are applied, the rest not
                lastFailures.put(c, e.getMessage());
                break;
            }
        }
        List<String> errors = new ArrayList<>();
        if (!kernelForm.isEmpty()) {
            try (Session s = open()) {
                sendBatch(s, commands, kernelForm, errors);
            }
        }
        if (refused != null) {
            errors.add(refused.getMessage() + " (the batch stopped there)");
        }
        if (!errors.isEmpty()) {
            throw new IpvsException("netlink: " + errors.size() + " of a batch of " + commands.size()
                    + (commands.size() == 1 ? " command" : " commands") + " failed, the batch may be applied in part: "
                    + String.join("; ", errors.subList(0, Math.min(errors.size(), 10)))
                    + (errors.size() > 10 ? "; ..." : ""));
        }
    }

    private void sendBatch(Session s, List<IpvsCommand> commands, List<IpvsCommand> kernelForm, List<String> errors)
            throws IpvsException {
        NetlinkWriter w = new NetlinkWriter(CHUNK * 128);
        for (int from = 0; from < kernelForm.size(); from += CHUNK) {
            int to = Math.min(kernelForm.size(), from + CHUNK);
            w.clear();
            int first = s.peekSeq();
            for (int i = from; i < to; i++) {
                IpvsRequests.command(w, s.family.id(), s.nextSeq(), kernelForm.get(i), i == to - 1);
            }
            s.channel.send(w.toByteArray());
            BatchAcks acks = new BatchAcks(first, to - from);
            while (!acks.complete()) {
                for (NetlinkMessage m : NetlinkMessage.split(s.channel.receive())) {
                    acks.accept(m);
                }
            }
            for (Map.Entry<Integer, Integer> e : acks.errors().entrySet()) {
                IpvsCommand original = commands.get(from + e.getKey());
                String why = KernelMessages.text(kernelForm.get(from + e.getKey()), e.getValue());
                lastFailures.put(original, why);
                errors.add(original.ipvsadmArgs() + ": " + why);
            }
        }
    }

    /**
     * {@code netlink IPVS_CMD_NEW_DEST -a -t 10.0.0.1:80 -r 10.0.0.2:80 -g -w 1 failed: Destination
     * already exists (EEXIST)}: the kernel command, the change in ipvsadm's words, and its own error
     * when the kernel refused it (else the batch's reason).
     */
    @Override
    public String failedChangeLine(IpvsCommand command, String reason) {
        return "netlink " + IpvsRequests.commandName(command) + " " + command.ipvsadmArgs() + " failed: "
                + lastFailures.getOrDefault(command, reason);
    }

    /** {@code /proc/net/ip_vs_conn(_v6)} in {@code ipvsadm -L -n -c} layout (ipvsadm reads the same files). */
    @Override
    public String connectionTable() throws IpvsException {
        try {
            return ConnectionListing.render(ConnectionTableReader.read(ConnectionTableReader.PROC_IP_VS_CONN,
                    ConnectionTableReader.PROC_IP_VS_CONN_V6));
        } catch (java.io.IOException e) {
            throw new IpvsException("cannot read the IPVS connection table: " + e.getMessage(), e);
        }
    }

    @Override
    public void syncDaemon(SyncDaemonRole role, String interfaceName, OptionalInt syncId) throws IpvsException {
        try (Session s = open()) {
            switch (role) {
                case MASTER -> {
                    stop(s, IpvsRequests.STATE_BACKUP);
                    start(s, IpvsRequests.STATE_MASTER, interfaceName, syncId.orElse(0));
                }
                case BACKUP -> {
                    stop(s, IpvsRequests.STATE_MASTER);
                    start(s, IpvsRequests.STATE_BACKUP, interfaceName, syncId.orElse(0));
                }
                case STOPPED -> {
                    stop(s, IpvsRequests.STATE_MASTER);
                    stop(s, IpvsRequests.STATE_BACKUP);
                }
            }
        }
    }

    private static void start(Session s, int state, String iface, int syncId) throws IpvsException {
        NetlinkWriter w = new NetlinkWriter(96);
        int seq = s.nextSeq();
        IpvsRequests.startDaemon(w, s.family.id(), seq, state, iface, syncId);
        try {
            s.request(w, seq, Answer.ACK);
        } catch (KernelError e) {
            if (e.errno != Errno.EEXIST) {   // already running in that role (left from an earlier run): fine
                throw e;
            }
        }
    }

    private static void stop(Session s, int state) throws IpvsException {
        NetlinkWriter w = new NetlinkWriter(64);
        int seq = s.nextSeq();
        IpvsRequests.stopDaemon(w, s.family.id(), seq, state);
        try {
            s.request(w, seq, Answer.ACK);
        } catch (KernelError e) {
            if (e.errno != Errno.ESRCH) {    // "No daemon is running": nothing to stop
                throw e;
            }
        }
    }

    /** The running sync daemons, as {@code ipvsadm -L --daemon} lists them: {@code master sync daemon (mcast=eth0, syncid=7)}. */
    public List<String> syncDaemons() throws IpvsException {
        try (Session s = open()) {
            NetlinkWriter w = new NetlinkWriter(64);
            int seq = s.nextSeq();
            IpvsRequests.dumpDaemons(w, s.family.id(), seq);
            List<String> out = new ArrayList<>();
            for (NetlinkMessage m : s.request(w, seq, Answer.DUMP)) {
                IpvsReplies.Daemon d = IpvsReplies.daemon(m);
                out.add(d.stateName() + " sync daemon (mcast=" + d.interfaceName() + ", syncid=" + d.syncId() + ")");
            }
            return out;
        }
    }

    /** A kernel error answer to one request. */
    static final class KernelError extends IpvsException {
        final int errno;

        KernelError(String message, int errno) {
            super(message);
            this.errno = errno;
        }
    }

    /** A fresh socket with the family resolved on it (one round trip; a reloaded ip_vs may have a new id). */
    private Session open() throws IpvsException {
        NetlinkSocket socket = NetlinkSocket.open(timeout);
        try {
            Session s = new Session(socket);
            s.family = FamilyResolver.resolve(socket, s.nextSeq(), IpvsRequests.FAMILY);
            return s;
        } catch (IpvsException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** What ends the answers to a request. */
    enum Answer { DUMP, ACK, REPLY }

    /** One socket for one operation, with its sequence numbers. */
    private final class Session implements AutoCloseable {
        final NetlinkSocket channel;
        FamilyResolver.Family family;
        private int seq = 1;

        Session(NetlinkSocket channel) {
            this.channel = channel;
        }

        int nextSeq() {
            return seq++;
        }

        int peekSeq() {
            return seq;
        }

        /**
         * Sends one request and collects its answers: a dump's messages up to {@code NLMSG_DONE}, or
         * the answers up to the ACK ({@code ack}), or the one reply to a request without ACK.
         */
        List<NetlinkMessage> request(NetlinkWriter w, int seq, Answer answer) throws IpvsException {
            channel.send(w.toByteArray());
            List<NetlinkMessage> replies = new ArrayList<>();
            while (true) {
                for (NetlinkMessage m : NetlinkMessage.split(channel.receive())) {
                    if (m.seq() != seq) {
                        continue;
                    }
                    if (m.isError() && m.error() != 0) {
                        int errno = -m.error();
                        throw new KernelError("the kernel refused the request: " + Errno.describe(errno), errno);
                    }
                    if (m.isError() || m.isDone()) {
                        return replies;
                    }
                    replies.add(m);
                    if (answer == Answer.REPLY) {
                        return replies;
                    }
                }
            }
        }

        @Override
        public void close() {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
