package org.ldirector.director.engine;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.director.ipvs.IpvsBackend;
import org.ldirector.director.ipvs.IpvsCommand;
import org.ldirector.director.ipvs.IpvsDestination;
import org.ldirector.director.ipvs.IpvsException;
import org.ldirector.director.ipvs.IpvsTable;

/**
 * Reads the kernel's table, plans against it, applies the plan as one batch and logs each
 * change's ldirectord line only once the kernel shows it. When a batch fails, the table is read
 * again: changes that did take effect are logged as done, the others get ldirectord's
 * {@code system(...) failed: ...} line and are planned again on the next pass (bug 13: ldirectord
 * logs success and updates its state even when ipvsadm failed).
 */
final class TableApplier {

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    private final IpvsBackend ipvs;

    TableApplier(IpvsBackend ipvs) {
        this.ipvs = ipvs;
    }

    /** Returns true when the plan was empty or fully applied. Calls {@code applied} for each change the kernel shows, in order. */
    boolean apply(Function<IpvsTable, List<PlannedChange>> planner, Consumer<PlannedChange> applied) {
        IpvsTable before;
        try {
            before = ipvs.read();
        } catch (IpvsException e) {
            LOG.info("Error reading the IPVS table: {}", e.getMessage());
            return false;
        }
        List<PlannedChange> plan = planner.apply(before);
        if (plan.isEmpty()) {
            return true;
        }
        List<IpvsCommand> commands = plan.stream().map(PlannedChange::command).toList();
        try {
            ipvs.apply(commands);
            for (PlannedChange c : plan) {
                LOG.info(c.message());
                applied.accept(c);
            }
            return true;
        } catch (IpvsException e) {
            IpvsTable after;
            try {
                after = ipvs.read();
            } catch (IpvsException again) {
                after = null;
            }
            for (PlannedChange c : plan) {
                if (after != null && isVisible(c.command(), after)) {
                    LOG.info(c.message());
                    applied.accept(c);
                } else {
                    LOG.info(ipvs.failedChangeLine(c.command(), e.getMessage()));
                }
            }
            return false;
        }
    }

    /** Whether {@code table} shows the effect of {@code command}. */
    static boolean isVisible(IpvsCommand command, IpvsTable table) {
        return switch (command) {
            case IpvsCommand.AddService c -> table.service(c.service().key()).isPresent();
            case IpvsCommand.EditService c -> table.service(c.service().key()).map(e -> e.service().equals(c.service())).orElse(false);
            case IpvsCommand.DeleteService c -> table.service(c.key()).isEmpty();
            case IpvsCommand.AddDestination c -> matches(table, c.key(), c.destination());
            case IpvsCommand.EditDestination c -> matches(table, c.key(), c.destination());
            case IpvsCommand.DeleteDestination c -> table.destination(c.key(), c.endpoint()).isEmpty();
        };
    }

    private static boolean matches(IpvsTable table, org.ldirector.director.ipvs.ServiceKey key, IpvsDestination want) {
        return table.destination(key, want.endpoint()).map(want::equals).orElse(false);
    }
}
