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

    /**
     * A copy of this table with {@code command} applied as ipvsadm and the kernel would: the
     * command's {@link IpvsCommand#ipvsadmArgs() ipvsadm arguments} are read back the way
     * ipvsadm reads them ({@link IpvsadmLine}), so the real's port follows the gate/ipip rule, a
     * weight-0 form without {@code -x/-y} clears the thresholds, {@code -E} resets what it does
     * not name, and the errors are ipvsadm's ({@link IpvsUsageException} for those that make
     * ipvsadm exit 2, {@link IpvsException} with the kernel's message otherwise).
     */
    public IpvsTable apply(IpvsCommand command) throws IpvsException {
        String args = command.ipvsadmArgs();
        if (args.indexOf('\n') >= 0 || args.indexOf('\r') >= 0) {
            throw new IpvsUsageException("ipvsadm arguments must be one line: " + args.replace("\n", "\\n"));
        }
        return applyAsKernel(IpvsadmLine.parse(args), args);
    }

    /** Kernel schedulers (net/netfilter/ipvs/ip_vs_*.c); any other name fails with ENOENT. */
    static final java.util.Set<String> KERNEL_SCHEDULERS = java.util.Set.of(
            "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos");

    /**
     * Applies a command that is already in kernel form (from {@link IpvsadmLine}) with the
     * kernel's checks; messages are libipvs' {@code ipvs_strerror()} texts, prefixed by {@code args}.
     */
    IpvsTable applyAsKernel(IpvsCommand command, String args) throws IpvsException {
        Map<ServiceKey, Entry> copy = new LinkedHashMap<>(services);
        switch (command) {
            case IpvsCommand.AddService c -> {
                if (copy.containsKey(c.service().key())) {
                    throw kernel(args, "Service already exists");                     // EEXIST
                }
                requireScheduler(c.service(), args);
                copy.put(c.service().key(), new Entry(c.service(), new TreeMap<>()));
            }
            case IpvsCommand.EditService c -> {
                Entry old = copy.get(c.service().key());
                if (old == null) {
                    throw kernel(args, "No such service");                            // ESRCH
                }
                requireScheduler(c.service(), args);
                copy.put(c.service().key(), new Entry(c.service(), old.destinations()));
            }
            case IpvsCommand.DeleteService c -> {
                if (copy.remove(c.key()) == null) {
                    throw kernel(args, "No such service");                            // ESRCH
                }
            }
            case IpvsCommand.AddDestination c -> {
                Entry old = requireForDestination(copy, c.key(), args);
                requireThresholds(c.destination(), args);
                if (old.destinations().containsKey(c.destination().endpoint())) {
                    throw kernel(args, "Destination already exists");                 // EEXIST
                }
                TreeMap<Endpoint, IpvsDestination> dests = new TreeMap<>(old.destinations());
                dests.put(c.destination().endpoint(), c.destination());
                copy.put(c.key(), new Entry(old.service(), dests));
            }
            case IpvsCommand.EditDestination c -> {
                Entry old = requireForDestination(copy, c.key(), args);
                requireThresholds(c.destination(), args);
                if (!old.destinations().containsKey(c.destination().endpoint())) {
                    throw kernel(args, "No such destination");                        // ENOENT
                }
                TreeMap<Endpoint, IpvsDestination> dests = new TreeMap<>(old.destinations());
                dests.put(c.destination().endpoint(), c.destination());
                copy.put(c.key(), new Entry(old.service(), dests));
            }
            case IpvsCommand.DeleteDestination c -> {
                Entry old = requireForDestination(copy, c.key(), args);
                if (!old.destinations().containsKey(c.endpoint())) {
                    throw kernel(args, "No such destination");                        // ENOENT
                }
                TreeMap<Endpoint, IpvsDestination> dests = new TreeMap<>(old.destinations());
                dests.remove(c.endpoint());
                copy.put(c.key(), new Entry(old.service(), dests));
            }
        }
        return new IpvsTable(new TreeMap<>(copy));
    }

    private static IpvsException kernel(String args, String message) {
        return new IpvsException(args + ": " + message);
    }

    private static void requireScheduler(IpvsService service, String args) throws IpvsException {
        if (!KERNEL_SCHEDULERS.contains(service.scheduler())) {
            throw kernel(args, "Scheduler or persistence engine not found");          // ENOENT
        }
    }

    private static Entry requireForDestination(Map<ServiceKey, Entry> services, ServiceKey key, String args)
            throws IpvsException {
        Entry e = services.get(key);
        if (e == null) {
            throw kernel(args, "Service not defined");                                // ESRCH on a -a/-e/-d
        }
        return e;
    }

    /** ip_vs_ctl.c ip_vs_add_dest/ip_vs_edit_dest: "lower threshold is higher than upper threshold" → -ERANGE. */
    private static void requireThresholds(IpvsDestination d, String args) throws IpvsException {
        if (Integer.compareUnsigned(d.lowerThreshold(), d.upperThreshold()) > 0) {
            throw kernel(args, "Numerical result out of range");                      // strerror(ERANGE)
        }
    }
}
