package org.ldirector.bench.failover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sample of a daemon's resources: open file descriptors ({@code /proc/PID/fd}), threads and RSS
 * ({@code /proc/PID/status}), and the heap in use right after a full GC ({@code jcmd PID GC.run}, then
 * {@code GC.heap_info}: the "used" of every generation).
 */
record DaemonSample(long fds, long threads, long rssKb, long heapAfterGcKb) {

    private static final Pattern USED = Pattern.compile("(?m)^\\s*(?:DefNew|Tenured|def new generation|tenured generation)\\s+total \\d+K, used (\\d+)K");
    private static final String JCMD = Path.of(ProcessHandle.current().info().command().orElseThrow())
            .resolveSibling("jcmd").toString();

    /** The sample, or null when the process is gone. */
    static DaemonSample of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try (var fd = Files.list(proc.resolve("fd"))) {
            long fds = fd.count();
            long threads = -1;
            long rss = -1;
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("Threads:")) {
                    threads = Long.parseLong(line.substring(8).trim());
                } else if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
            Lab.run(JCMD, Long.toString(pid), "GC.run");
            Matcher m = USED.matcher(Lab.run(JCMD, Long.toString(pid), "GC.heap_info").output());
            long heap = 0;
            boolean any = false;
            while (m.find()) {
                heap += Long.parseLong(m.group(1));
                any = true;
            }
            return new DaemonSample(fds, threads, rss, any ? heap : -1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
