package org.ldirector.director.ipvs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * An IPVS table in memory that behaves like {@code ipvsadm -R} on the kernel, for unit tests:
 * every command goes through {@link IpvsTable#apply} (ipvsadm's parsing, the gate/ipip port
 * rule, the kernel's checks and messages); a command the kernel would reject is skipped and the
 * batch goes on, a command ipvsadm itself would refuse ({@link IpvsUsageException}) ends the
 * batch, and either makes {@link #apply} throw after the batch, as the real backend does.
 *
 * <p>Records every batch and every applied command, and can be made to fail: the next N batches
 * as a whole (nothing applied), or single commands as a kernel error would. Thread-safe.
 */
public final class InMemoryIpvs implements IpvsBackend {

    /** libipvs' text for ENOMEM, used by injected failures unless told otherwise. */
    public static final String DEFAULT_FAILURE = "Memory allocation problem";

    private final Object lock = new Object();
    private IpvsTable table;
    private final List<List<IpvsCommand>> batches = new ArrayList<>();
    private final List<IpvsCommand> applied = new ArrayList<>();
    private int reads;
    private int failingBatches;
    private String batchFailure = DEFAULT_FAILURE;
    private Predicate<IpvsCommand> failingCommands = c -> false;
    private String commandFailure = DEFAULT_FAILURE;

    public InMemoryIpvs() {
        this(IpvsTable.EMPTY);
    }

    public InMemoryIpvs(IpvsTable initial) {
        this.table = Objects.requireNonNull(initial, "initial");
    }

    @Override
    public IpvsTable read() {
        synchronized (lock) {
            reads++;
            return table;
        }
    }

    @Override
    public void apply(List<IpvsCommand> commands) throws IpvsException {
        List<IpvsCommand> batch = List.copyOf(commands);
        synchronized (lock) {
            batches.add(batch);
            if (batch.isEmpty()) {
                return;
            }
            if (failingBatches > 0) {
                failingBatches--;
                throw new IpvsException("ipvsadm -R failed (exit status 255) on a batch of " + batch.size()
                        + " commands, which may be applied in part: " + batchFailure);
            }
            List<String> errors = new ArrayList<>();
            IpvsTable t = table;
            for (IpvsCommand c : batch) {
                if (failingCommands.test(c)) {
                    errors.add(c.ipvsadmArgs() + ": " + commandFailure);
                    continue;
                }
                try {
                    t = t.apply(c);
                    applied.add(c);
                } catch (IpvsUsageException e) {
                    errors.add(e.getMessage());
                    break;           // ipvsadm exits at once (status 2); later lines are not run
                } catch (IpvsException e) {
                    errors.add(e.getMessage());   // the kernel said no; ipvsadm -R goes on with the next line
                }
            }
            table = t;
            if (!errors.isEmpty()) {
                throw new IpvsException("ipvsadm -R would fail on a batch of " + batch.size()
                        + " commands, which is applied in part: " + String.join("; ", errors));
            }
        }
    }

    @Override
    public String describe() {
        return "in-memory";
    }

    /** Replaces the table, as an administrator's {@code ipvsadm} by hand would (not recorded as applied). */
    public void set(IpvsTable newTable) {
        synchronized (lock) {
            table = Objects.requireNonNull(newTable, "newTable");
        }
    }

    /** The next {@code count} non-empty batches fail as a whole with {@link #DEFAULT_FAILURE}, nothing applied. */
    public void failNextBatches(int count) {
        failNextBatches(count, DEFAULT_FAILURE);
    }

    public void failNextBatches(int count, String message) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + count);
        }
        synchronized (lock) {
            failingBatches = count;
            batchFailure = Objects.requireNonNull(message, "message");
        }
    }

    /** From now on, commands matching {@code which} fail as a kernel error would (the rest of their batch still runs). */
    public void failCommands(Predicate<IpvsCommand> which, String message) {
        synchronized (lock) {
            failingCommands = Objects.requireNonNull(which, "which");
            commandFailure = Objects.requireNonNull(message, "message");
        }
    }

    /** Stops all failure injection. */
    public void stopFailing() {
        synchronized (lock) {
            failingBatches = 0;
            failingCommands = c -> false;
        }
    }

    /** Every batch given to {@link #apply}, failed ones included, in order. */
    public List<List<IpvsCommand>> batches() {
        synchronized (lock) {
            return List.copyOf(batches);
        }
    }

    /** Every command that changed the table, in order. */
    public List<IpvsCommand> applied() {
        synchronized (lock) {
            return List.copyOf(applied);
        }
    }

    /** {@link #applied()} as {@code ipvsadm} argument lines, for assertions that read like a log. */
    public List<String> appliedArgs() {
        return applied().stream().map(IpvsCommand::ipvsadmArgs).toList();
    }

    /** How often {@link #read()} was called. */
    public int reads() {
        synchronized (lock) {
            return reads;
        }
    }

    /** Forgets the recorded batches, commands and reads (not the table). */
    public void clearHistory() {
        synchronized (lock) {
            batches.clear();
            applied.clear();
            reads = 0;
        }
    }
}
