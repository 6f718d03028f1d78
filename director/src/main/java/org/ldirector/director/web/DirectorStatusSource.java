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
 * together into a {@link StatusSnapshot}. Reads are cached for {@link #MAX_AGE}, so any number of
 * page polls and scrapes cost at most a few table reads per second.
 */
public final class DirectorStatusSource implements StatusSource {

    static final Duration MAX_AGE = Duration.ofMillis(200);
    private static final int HISTORY = 8;

    private final Director director;
    private final IpvsBackend ipvs;
    private final Supplier<Optional<ClusterStatus>> cluster;
    private final Clock clock;
    private StatusSnapshot cached;

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
        IpvsStatistics stats;
        Optional<String> error = Optional.empty();
        try {
            stats = ipvs.readStatistics();
        } catch (IpvsException e) {
            stats = IpvsStatistics.withoutCounters(IpvsTable.EMPTY);
            error = Optional.of(e.getMessage());
        }
        EngineSnapshot engine = director.snapshot();
        Map<String, ArrayDeque<StatusSnapshot.Transition>> history = history();
        List<StatusSnapshot.Virtual> virtuals = new ArrayList<>();
        for (EngineSnapshot.VirtualView v : engine.virtuals()) {
            virtuals.add(virtual(v, stats, history));
        }
        cached = new StatusSnapshot(now, virtuals, error, cluster.get());
        return cached;
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

    /** Forgets the cached read, so an action's effect shows in the very next request. */
    public synchronized void invalidate() {
        cached = null;
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
