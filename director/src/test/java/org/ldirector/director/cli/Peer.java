package org.ldirector.director.cli;

import java.net.BindException;

import org.ldirector.failover.Sh;
import org.ldirector.monitor.Processes;

/** A real server behind one real of the daemon's configuration, which a test stops and starts again. */
interface Peer {

    int port();

    /** Makes the service fail: it stops listening, or (a stopped process) hangs every client. */
    void stop() throws Exception;

    /** Serves again, on the same port. */
    void start() throws Exception;

    /** Stops it for good at the end of a test, whatever its state (a stopped process is resumed, to be shut down). */
    void close() throws Exception;

    /** What is serving right now: its port and how to stop it. */
    record Running(int port, AutoCloseable closer) {
    }

    /** Starts a server on a port (0: any free port). */
    @FunctionalInterface
    interface Starter {
        Running start(int port) throws Exception;
    }

    /** A server that is closed to stop it and started anew on its port. */
    static Peer restartable(Starter starter) throws Exception {
        Running first = starter.start(0);
        return new Peer() {
            private Running running = first;

            @Override
            public int port() {
                return first.port();
            }

            @Override
            public synchronized void stop() throws Exception {
                running.closer().close();
                running = null;
            }

            @Override
            public synchronized void start() throws Exception {
                // The port was ours a moment ago; a client socket may hold it for a moment (rare), so retry briefly.
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (true) {
                    try {
                        running = starter.start(first.port());
                        return;
                    } catch (Exception e) {
                        if (!portTaken(e) || System.nanoTime() > deadline) {
                            throw e;
                        }
                        Thread.sleep(100);
                    }
                }
            }

            @Override
            public synchronized void close() throws Exception {
                if (running != null) {
                    stop();
                }
            }
        };
    }

    /** A server that cannot be stopped from here (the kernel's ICMP echo on loopback). */
    static Peer permanent(String what) {
        return new Peer() {
            @Override
            public int port() {
                return 0;
            }

            @Override
            public void stop() {
                throw new UnsupportedOperationException(what + " cannot be stopped");
            }

            @Override
            public void start() {
                throw new UnsupportedOperationException(what + " cannot be stopped");
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * A host of its own for ICMP: a network namespace {@code ns} at the end of a veth pair, holding
     * {@code hostAddress}, reached from here through {@code via} (both /30). Stopped by taking its
     * link down, so that echo requests go unanswered. Needs root.
     */
    static Peer isolatedHost(String ns, String link, String via, String hostAddress) throws Exception {
        Sh.quietly("ip", "netns", "del", ns);
        Sh.quietly("ip", "link", "del", link);
        Sh.ok("ip", "netns", "add", ns);
        Sh.ok("ip", "link", "add", link, "type", "veth", "peer", "name", "eth0", "netns", ns);
        Sh.ok("ip", "addr", "add", via + "/30", "dev", link);
        Sh.ok("ip", "link", "set", link, "up");
        Sh.ok("ip", "-n", ns, "addr", "add", hostAddress + "/30", "dev", "eth0");
        Sh.ok("ip", "-n", ns, "link", "set", "lo", "up");
        Sh.ok("ip", "-n", ns, "link", "set", "eth0", "up");
        return new Peer() {
            @Override
            public int port() {
                return 0;
            }

            @Override
            public void stop() throws Exception {
                Sh.ok("ip", "-n", ns, "link", "set", "eth0", "down");
            }

            @Override
            public void start() throws Exception {
                Sh.ok("ip", "-n", ns, "link", "set", "eth0", "up");
            }

            @Override
            public void close() {
                Sh.quietly("ip", "netns", "del", ns); // takes the veth pair with it
                Sh.quietly("ip", "link", "del", link);
            }
        };
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** A server process stopped with SIGSTOP (clients connect, then nothing answers) and resumed with SIGCONT. */
    static Peer suspendable(long pid, int port) {
        return new Peer() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void stop() throws Exception {
                Processes.signal(pid, "STOP");
            }

            @Override
            public void start() throws Exception {
                Processes.signal(pid, "CONT");
            }

            @Override
            public void close() throws Exception {
                start();
            }
        };
    }
}
