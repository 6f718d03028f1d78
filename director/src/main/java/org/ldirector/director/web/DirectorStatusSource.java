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

import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.RealServer;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.engine.Director;
import org.ldirector.director.engine.KernelRules;
import org.ldirector.director.engine.RealKey;
import org.ldirector.director.engine.RealStatus;
import org.ldirector.director.ipvs.Endpoint;
import org.ldirector.director.ipvs.IpvsCounters;
import org.ldirector.director.ipvs.IpvsDestination;
import org.ldirector.director.ipvs.IpvsException;
import org.ldirector.director.ipvs.IpvsStatistics;
import org.ldirector.director.ipvs.IpvsTable;
import org.ldirector.director.ipvs.ServiceKey;

/**
 * Adapts the engine as it is ({@link Director#statuses()}, the running configuration and the
 * kernel's statistics) to a {@link StatusSnapshot}. Health changes are noticed by comparing each
 * read with the one before; reads are cached for {@link #MAX_AGE}, so any number of page polls and
 * scrapes cost at most a few table reads per second.
 */
public final class DirectorStatusSource implements StatusSource {

    static final Duration MAX_AGE = Duration.ofMillis(200);
    private static final int HISTORY = 8;

    private final Director director;
    private final Supplier<DirectorConfig> config;
    private final org.ldirector.director.ipvs.IpvsBackend ipvs;
    private final Supplier<Optional<String>> cluster;
    private final Clock clock;
    private final AdminStates admin;

    private final Map<RealKey, Tracked> tracked = new HashMap<>();
    private StatusSnapshot cached;

    private static final class Tracked {
        String health;
        Instant since;
        long transitions;
        final ArrayDeque<StatusSnapshot.Transition> history = new ArrayDeque<>();
    }

    public DirectorStatusSource(Director director, Supplier<DirectorConfig> config, org.ldirector.director.ipvs.IpvsBackend ipvs,
                                Supplier<Optional<String>> cluster, Clock clock, AdminStates admin) {
        this.admin = admin;
        this.director = director;
        this.config = config;
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
        Map<RealKey, RealStatus> statuses = director.statuses();
        List<StatusSnapshot.Virtual> virtuals = new ArrayList<>();
        for (VirtualService v : config.get().virtuals()) {
            virtuals.add(virtual(v, stats, statuses, now));
        }
        tracked.keySet().retainAll(statuses.keySet());
        cached = new StatusSnapshot(now, virtuals, error, cluster.get());
        return cached;
    }

    private StatusSnapshot.Virtual virtual(VirtualService v, IpvsStatistics stats, Map<RealKey, RealStatus> statuses, Instant now) {
        ServiceKey key = v.key();
        IpvsTable table = stats.table();
        List<StatusSnapshot.Real> reals = new ArrayList<>();
        for (RealServer r : v.reals()) {
            RealKey rk = new RealKey(key, r.endpoint());
            RealStatus st = statuses.get(rk);
            Endpoint named = AdminStates.realEndpoint(v, r);
            // the kernel may store another port than configured (gate and ipip take the service's port)
            Endpoint kernelEp = KernelRules.kernelEndpoint(key, r.endpoint(), r.forwarding());
            Optional<IpvsDestination> dest = table.destination(key, kernelEp);
            String mark = admin.mark(key.id(), AdminStates.realName(v, r)).map(AdminStates.Mark::word).orElse("");
            String health = mark.equals("maintenance") ? "maintenance" : st == null ? "unknown" : st.health().word();
            Tracked t = tracked.computeIfAbsent(rk, k -> {
                Tracked n = new Tracked();
                n.health = health;
                n.since = now;
                return n;
            });
            if (!t.health.equals(health)) {
                Instant at = st != null && st.lastCheck() != null ? st.lastCheck() : now;
                t.history.addLast(new StatusSnapshot.Transition(at, t.health, health, st == null ? "" : st.lastMessage()));
                while (t.history.size() > HISTORY) {
                    t.history.removeFirst();
                }
                t.health = health;
                t.since = at;
                t.transitions++;
            }
            reals.add(new StatusSnapshot.Real(named.host(), named.port(), health, mark, r.weight(),
                    dest.map(IpvsDestination::weight), st == null ? 0 : st.failures(),
                    st == null || st.lastMessage() == null ? "" : st.lastMessage(),
                    Optional.ofNullable(st == null ? null : st.lastCheck()), t.since, t.transitions,
                    List.copyOf(t.history), stats.destination(key, kernelEp)));
        }
        boolean fallback = v.fallback().isPresent() && table.service(key)
                .map(e -> e.destinations().containsKey(v.fallback().get().endpoint())).orElse(false);
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
