package org.ldirector.failover;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.failover.heartbeat.VirtualIp;

/**
 * A lone node's question before it may serve: does one of the VIPs answer on the link (another director, maybe
 * one this node cannot authenticate with, holds it)? Asked on the background executor ({@code arping -D},
 * {@code ndisc6}); a probe that throws is logged by a {@link TaskGuard} and reported as failed, never lost.
 */
final class VipProbe {

    private static final Logger LOG = LogManager.getLogger("ldirectord");

    private final ResourceActions actions;
    private final Executor background;
    private final TaskGuard guard;

    VipProbe(ResourceActions actions, Executor background, LongSupplier clock) {
        this.actions = actions;
        this.background = background;
        this.guard = new TaskGuard("Probing whether a virtual IP is in use", clock);
    }

    /** Probes {@code vips} in the background; then {@code answer} gets the first in use, or {@code failed} runs. */
    void start(List<VirtualIp> vips, Consumer<Optional<VirtualIp>> answer, Runnable failed) {
        background.execute(() -> {
            VirtualIp[] inUse = new VirtualIp[1];
            if (guard.run(() -> inUse[0] = firstInUse(vips))) {
                answer.accept(Optional.ofNullable(inUse[0]));
            } else {
                failed.run();
            }
        });
    }

    private VirtualIp firstInUse(List<VirtualIp> vips) {
        for (VirtualIp vip : vips) {
            try {
                if (actions.addressInUse(vip)) {
                    return vip;
                }
            } catch (IOException e) {
                LOG.warn("Cannot probe whether {} is in use: {}", vip.describe(), e.getMessage());
            }
        }
        return null;
    }
}
