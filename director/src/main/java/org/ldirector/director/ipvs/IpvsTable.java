package org.ldirector.director.ipvs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable snapshot of an IPVS table: services and their destinations, in a stable order.
 */
public record IpvsTable(SortedMap<ServiceKey, Entry> services) {

    /** A service and its destinations keyed by endpoint. */
    public record Entry(IpvsService service, SortedMap<Endpoint, IpvsDestination> destinations) {
        public Entry {
            Objects.requireNonNull(service, "service");
            destinations = Collections.unmodifiableSortedMap(new TreeMap<>(destinations));
        }

        public Optional<IpvsDestination> destination(Endpoint endpoint) {
            return Optional.ofNullable(destinations.get(endpoint));
        }
    }

    public static final IpvsTable EMPTY = new IpvsTable(new TreeMap<>());

    public IpvsTable {
        services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
    }

    public Optional<Entry> service(ServiceKey key) {
        return Optional.ofNullable(services.get(key));
    }

    public Optional<IpvsDestination> destination(ServiceKey key, Endpoint endpoint) {
        return service(key).flatMap(e -> e.destination(endpoint));
    }

    /** A copy of this table with {@code command} applied, as the kernel would (used by the in-memory backends). */
    public IpvsTable apply(IpvsCommand command) throws IpvsException {
        Map<ServiceKey, Entry> copy = new LinkedHashMap<>(services);
        switch (command) {
            case IpvsCommand.AddService c -> {
                if (copy.containsKey(c.service().key())) {
                    throw new IpvsException("Service already exists: " + c.service().key().display());
                }
                copy.put(c.service().key(), new Entry(c.service(), new TreeMap<>()));
            }
            case IpvsCommand.EditService c -> {
                Entry old = require(copy, c.service().key());
                copy.put(c.service().key(), new Entry(c.service(), old.destinations()));
            }
            case IpvsCommand.DeleteService c -> {
                require(copy, c.key());
                copy.remove(c.key());
            }
            case IpvsCommand.AddDestination c -> {
                Entry old = require(copy, c.key());
                if (old.destinations().containsKey(c.destination().endpoint())) {
                    throw new IpvsException("Destination already exists: " + c.destination().endpoint());
                }
                TreeMap<Endpoint, IpvsDestination> dests = new TreeMap<>(old.destinations());
                dests.put(c.destination().endpoint(), c.destination());
                copy.put(c.key(), new Entry(old.service(), dests));
            }
            case IpvsCommand.EditDestination c -> {
                Entry old = require(copy, c.key());
                if (!old.destinations().containsKey(c.destination().endpoint())) {
                    throw new IpvsException("No such destination: " + c.destination().endpoint());
                }
                TreeMap<Endpoint, IpvsDestination> dests = new TreeMap<>(old.destinations());
                dests.put(c.destination().endpoint(), c.destination());
                copy.put(c.key(), new Entry(old.service(), dests));
            }
            case IpvsCommand.DeleteDestination c -> {
                Entry old = require(copy, c.key());
                if (!old.destinations().containsKey(c.endpoint())) {
                    throw new IpvsException("No such destination: " + c.endpoint());
                }
                TreeMap<Endpoint, IpvsDestination> dests = new TreeMap<>(old.destinations());
                dests.remove(c.endpoint());
                copy.put(c.key(), new Entry(old.service(), dests));
            }
        }
        return new IpvsTable(new TreeMap<>(copy));
    }

    private static Entry require(Map<ServiceKey, Entry> services, ServiceKey key) throws IpvsException {
        Entry e = services.get(key);
        if (e == null) {
            throw new IpvsException("No such service: " + key.display());
        }
        return e;
    }
}
