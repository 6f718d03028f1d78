package org.ldirector.failover;

import java.nio.file.Path;
import java.util.List;

import org.ldirector.failover.heartbeat.HaCf;
import org.ldirector.failover.heartbeat.Medium;
import org.ldirector.failover.heartbeat.Timings;

/** Run by {@link InterfaceWaitNetnsTest} inside a network namespace: prints the transport ucast {@code args} gives. */
public final class TransportProbe {

    private TransportProbe() {
    }

    /** {@code device peer...} */
    public static void main(String[] args) throws Exception {
        List<Medium> media = new java.util.ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            media.add(new Medium.Ucast(args[0], args[i], i));
        }
        HaCf haCf = new HaCf(Path.of("ha.cf"), List.of("a", "b"), media, 7694, Timings.defaults(), true, List.of(),
                List.of());
        Transport t = Transport.fromHaCf(haCf, line -> System.out.println("log: " + line));
        System.out.println("bind " + t.bindAddress().getHostAddress());
    }
}
