package org.ldirector.bench;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.ldirector.director.ipvs.InMemoryIpvs;
import org.ldirector.director.ipvs.IpvsBackend;
import org.ldirector.director.ipvs.IpvsCommand;
import org.ldirector.director.ipvs.IpvsException;
import org.ldirector.director.ipvs.IpvsTable;

/**
 * {@link InMemoryIpvs} with counters, and without its history: InMemoryIpvs keeps every batch and
 * every applied command for test assertions, which in a long run with flapping reals is a leak of
 * the test backend, not of the engine; {@link #forgetHistory()} (called every second) drops it.
 */
final class CountingIpvs implements IpvsBackend {

    private final InMemoryIpvs table = new InMemoryIpvs();
    final LongAdder batches = new LongAdder();
    final LongAdder commands = new LongAdder();
    final LongAdder applyNanos = new LongAdder();

    @Override
    public IpvsTable read() {
        return table.read();
    }

    @Override
    public void apply(List<IpvsCommand> batch) throws IpvsException {
        long t0 = System.nanoTime();
        try {
            table.apply(batch);
        } finally {
            if (!batch.isEmpty()) {
                batches.increment();
                commands.add(batch.size());
            }
            applyNanos.add(System.nanoTime() - t0);
        }
    }

    @Override
    public String describe() {
        return "in-memory (bench)";
    }

    void forgetHistory() {
        table.clearHistory();
    }
}
