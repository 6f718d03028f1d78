package org.ldirector.director.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The fixture of the process-level cluster tests, as a JUnit extension: builds one {@link ClusterTopology} for the
 * class, hands each test fresh {@link DirectorNode}s (files under {@code target/cluster-tests/}, kept for
 * inspection), watches the link with a {@link LinkMonitor}, prints every daemon's log, the addresses and the link
 * events when a test fails, and always cleans up: daemons stopped after each test, namespaces deleted after the class
 * and also when the JVM exits early.
 */
final class ClusterExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        TestExecutionExceptionHandler {

    private final int directors;
    private ClusterTopology topology;
    private final List<DirectorNode> nodes = new ArrayList<>();
    private LinkMonitor monitor;
    private Path testDir;
    private Thread cleanupHook;

    ClusterExtension(int directors) {
        this.directors = directors;
    }

    ClusterTopology topology() {
        return topology;
    }

    LinkMonitor monitor() {
        return monitor;
    }

    /** Director i (1-based) of this test, configured with {@code setup} but not started. */
    DirectorNode node(int i, DirectorNode.HaSetup setup) throws IOException {
        DirectorNode n = new DirectorNode(topology, i, testDir.resolve("node" + i + "-" + nodes.size()));
        n.configure(setup);
        nodes.add(n);
        return n;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        assumeTrue(ClusterTopology.available(), "needs root and ip netns");
        topology = new ClusterTopology(directors);
        cleanupHook = new Thread(this::cleanUp, "cluster-test cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupHook);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        testDir = Path.of("target", "cluster-tests", topology.prefix, context.getRequiredTestMethod().getName())
                .toAbsolutePath();
        monitor = new LinkMonitor(topology);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        StringBuilder sb = new StringBuilder("\n######## " + context.getDisplayName() + " failed: " + throwable + "\n");
        for (DirectorNode n : nodes) {
            sb.append(n.describe());
        }
        sb.append("==== link ====\n").append(topology.describe());
        if (monitor != null) {
            sb.append(monitor.describe());
        }
        System.err.println(sb);
        throw throwable;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopNodes();
        if (monitor != null) {
            monitor.close();
            monitor = null;
        }
        topology.reset();
    }

    private void stopNodes() {
        // In parallel: each graceful stop takes a little while.
        List<Thread> stoppers = nodes.stream().map(n -> Thread.ofPlatform().start(n::close)).toList();
        for (Thread t : stoppers) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        nodes.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        cleanUp();
        if (cleanupHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupHook);
            } catch (IllegalStateException exiting) {
                // the hook runs anyway
            }
        }
    }

    private synchronized void cleanUp() {
        stopNodes();
        if (monitor != null) {
            monitor.close();
        }
        if (topology != null) {
            topology.close();
            topology = null;
        }
    }
}
