package org.ldirector.director.ipvs;

import java.util.List;
import java.util.OptionalInt;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * For machines without IPVS and for the demo: an in-memory table, starting empty, that behaves
 * like the kernel ({@link InMemoryIpvs}) and logs each command it is given as
 * {@code would run: ipvsadm <args>} at INFO on the {@code ldirectord} logger.
 */
public final class DryRunIpvs implements IpvsBackend {

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    private final InMemoryIpvs table = new InMemoryIpvs();

    @Override
    public IpvsTable read() {
        return table.read();
    }

    @Override
    public void apply(List<IpvsCommand> commands) throws IpvsException {
        for (IpvsCommand c : commands) {
            LOG.info("would run: ipvsadm {}", c.ipvsadmArgs());
        }
        table.apply(commands);
    }

    /** Logs the switch ({@code would run: ipvsadm --start-daemon ...}); no daemon is touched. */
    @Override
    public void syncDaemon(SyncDaemonRole role, String interfaceName, OptionalInt syncId) {
        String id = syncId.isPresent() ? " --syncid " + syncId.getAsInt() : "";
        switch (role) {
            case MASTER -> LOG.info("would run: ipvsadm --start-daemon master --mcast-interface {}{}", interfaceName, id);
            case BACKUP -> LOG.info("would run: ipvsadm --start-daemon backup --mcast-interface {}{}", interfaceName, id);
            case STOPPED -> LOG.info("would run: ipvsadm --stop-daemon master; ipvsadm --stop-daemon backup");
        }
    }

    @Override
    public String describe() {
        return "dry-run";
    }
}
