package org.ldirector.director.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.ldirector.director.config.VirtualService;
import org.ldirector.director.engine.AdminMark;
import org.ldirector.director.engine.Director;
import org.ldirector.director.engine.EngineEvent;
import org.ldirector.director.engine.EngineSnapshot;
import org.ldirector.director.engine.EventStream;
import org.ldirector.director.engine.KernelRules;
import org.ldirector.director.engine.RealState;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.IpvsBackend;
import org.ldirector.director.ipvs.IpvsCounters;
import org.ldirector.director.ipvs.IpvsDestination;
import org.ldirector.director.ipvs.IpvsException;
import org.ldirector.director.ipvs.IpvsStatistics;
import org.ldirector.director.ipvs.IpvsTable;
import org.ldirector.director.ipvs.ServiceKey;
import org.ldirector.failover.ClusterStatus;

/**
 * The web interface's view of the engine: its {@link EngineSnapshot} (health, marks, since when),
 * its {@link EventStream} (each real's latest transitions) and the kernel's statistics, read
 * together into a {@link StatusSnapshot}. Health is the engine's at each read (cached for
 * {@link #MAX_AGE}); the kernel's statistics (several ipvsadm listings, or one netlink dump) are
 * read again at most every {@link #KERNEL_MAX_AGE}, in the background once a first read exists, so
 * no page poll or scrape waits for ipvsadm and any number of them cost one kernel read a second.
 */
public final class DirectorStatusSource implements StatusSource {

    static final Duration MAX_AGE = Duration.ofMillis(200);
    static final Duration KERNEL_MAX_AGE = Duration.ofSeconds(1);
    private static final int HISTORY = 8;

    private final Director director;
    private final IpvsBackend ipvs;
    private final Supplier<Optional<ClusterStatus>> cluster;
    private final Clock clock;
    private StatusSnapshot cached;
    /** The last kernel read, when it was started, and whether one is running. */
    private KernelRead kernel;
    private boolean refreshing;
    /** Bumped by {@link #invalidate}: a background read started before it is not kept. */
    private long generation;

    private record KernelRead(Instant at, IpvsStatistics stats, Optional<String> error) {
    }

    public DirectorStatusSource(Director director, IpvsBackend ipvs, Supplier<Optional<ClusterStatus>> cluster, Clock clock) {
        this.director = director;
        this.ipvs = ipvs;
        this.cluster = cluster;
        this.clock = clock;
    }

    @Override
    public synchronized StatusSnapshot snapshot() {
        Instant now = clock.instant();
        if (cached != null && Duration.between(cached.taken(), now).compareTo(MAX_AGE) < 0) {
            return cached;
        }
        KernelRead k = kernelRead(now);
        IpvsStatistics stats = k.stats();
        Optional<String> error = k.error();
        EngineSnapshot engine = director.snapshot();
        Map<String, ArrayDeque<StatusSnapshot.Transition>> history = history();
        List<StatusSnapshot.Virtual> virtuals = new ArrayList<>();
        for (EngineSnapshot.VirtualView v : engine.virtuals()) {
            virtuals.add(virtual(v, stats, history));
        }
        cached = new StatusSnapshot(now, virtuals, error, cluster.get());
        return cached;
    }

    /** The kernel's statistics: read now the first time, then refreshed in the background when older than {@link #KERNEL_MAX_AGE}. */
    private KernelRead kernelRead(Instant now) {
        if (kernel == null) {
            kernel = readKernel(now);
        } else if (!refreshing && Duration.between(kernel.at(), now).compareTo(KERNEL_MAX_AGE) >= 0) {
            refreshing = true;
            long started = generation;
            Thread.ofVirtual().name("web kernel read").start(() -> {
                KernelRead fresh = readKernel(clock.instant());
                synchronized (this) {
                    refreshing = false;
                    if (generation == started) {
                        kernel = fresh;
                        cached = null;
                    }
                }
            });
        }
        return kernel;
    }

    private KernelRead readKernel(Instant at) {
        try {
            return new KernelRead(at, ipvs.readStatistics(), Optional.empty());
        } catch (IpvsException | RuntimeException e) {
            return new KernelRead(at, IpvsStatistics.withoutCounters(IpvsTable.EMPTY), Optional.of(String.valueOf(e.getMessage())));
        }
    }

    /** The latest transitions of each real, keyed by virtual id and real name. */
    private Map<String, ArrayDeque<StatusSnapshot.Transition>> history() {
        Map<String, ArrayDeque<StatusSnapshot.Transition>> out = new HashMap<>();
        for (EventStream.Numbered n : director.events().since(0)) {
            if (n.event() instanceof EngineEvent.RealChanged c) {
                ArrayDeque<StatusSnapshot.Transition> h = out.computeIfAbsent(c.virtual().id() + " " + c.real(), k -> new ArrayDeque<>());
                h.addLast(new StatusSnapshot.Transition(c.at(), health(c.from()), health(c.to()), c.reason()));
                if (h.size() > HISTORY) {
                    h.removeFirst();
                }
            }
        }
        return out;
    }

    /** The page's health word: what the checks say, or maintenance (a drained real is up, marked drain). */
    private static String health(RealState state) {
        return state == RealState.DRAINED ? RealState.UP.word() : state.word();
    }

    private StatusSnapshot.Virtual virtual(EngineSnapshot.VirtualView vv, IpvsStatistics stats,
                                           Map<String, ArrayDeque<StatusSnapshot.Transition>> history) {
        VirtualService v = vv.virtual();
        ServiceKey key = v.key();
        IpvsTable table = stats.table();
        List<StatusSnapshot.Real> reals = new ArrayList<>();
        for (EngineSnapshot.RealView r : vv.reals()) {
            // the kernel may store another port than configured (gate and ipip take the service's port)
            Endpoint kernelEp = KernelRules.kernelEndpoint(key, r.server().endpoint(), r.server().forwarding());
            Optional<IpvsDestination> dest = table.destination(key, kernelEp);
            ArrayDeque<StatusSnapshot.Transition> h = history.getOrDefault(key.id() + " " + r.name(), new ArrayDeque<>());
            reals.add(new StatusSnapshot.Real(r.name().host(), r.name().port(), health(r.state()),
                    r.mark().map(AdminMark::word).orElse(""), r.server().weight(), dest.map(IpvsDestination::weight), r.failures(),
                    r.lastMessage(), r.lastCheck(), r.since(), r.transitions(), List.copyOf(h), stats.destination(key, kernelEp)));
        }
        boolean fallback = v.fallback().isPresent() && table.service(key)
                .map(e -> e.destinations().containsKey(KernelRules.kernelEndpoint(key, v.fallback().get().endpoint(),
                        v.fallback().get().forwarding()))).orElse(false);
        IpvsCounters counters = stats.service(key);
        return switch (key) {
            case ServiceKey.Address a -> new StatusSnapshot.Virtual(key.id(), a.protocol().listName(), a.endpoint().host(),
                    a.endpoint().port(), "", v.ipvs().scheduler(), fallback, counters, reals);
            case ServiceKey.Fwmark f -> new StatusSnapshot.Virtual(key.id(), "FWM", "", 0, key.display(), v.ipvs().scheduler(),
                    fallback, counters, reals);
        };
    }

    /** Forgets the cached reads, so an action's effect shows in the very next request. */
    public synchronized void invalidate() {
        cached = null;
        kernel = null;
        generation++;
    }

    @Override
    public String connectionTable() throws IOException {
        try {
            return ipvs.connectionTable();
        } catch (IpvsException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
