package org.ldirector.failover;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The directors a test started, closed after each test (register with {@code @RegisterExtension}). */
final class RunningClusters implements AfterEachCallback {

    private final List<DirectorCluster> running = new ArrayList<>();

    /** Builds and starts a director; it is closed after the test. */
    DirectorCluster start(DirectorCluster.Builder b) throws Exception {
        DirectorCluster c = b.build();
        running.add(c);
        c.start();
        return c;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        running.forEach(DirectorCluster::close);
        running.clear();
    }
}
