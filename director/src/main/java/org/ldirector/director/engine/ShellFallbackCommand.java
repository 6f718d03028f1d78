package org.ldirector.director.engine;

import java.io.File;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs fallbackcommand through {@code /bin/sh -c}, as ldirectord's {@code system()} does, one at
 * a time in the order asked (start before stop), on its own virtual thread so a slow command never
 * holds up checks or IPVS changes. Its output is discarded.
 */
public final class ShellFallbackCommand implements FallbackCommand {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    private static final long TIMEOUT_SECONDS = 60;

    private final ExecutorService queue = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("fallbackcommand").factory());

    @Override
    public void run(String command, String action, String virtualArgument, String protocol) {
        String line = command + " " + action + " " + virtualArgument + " " + protocol;
        queue.execute(() -> {
            LOG.debug("Running system({})", line);
            try {
                Process p = new ProcessBuilder(List.of("/bin/sh", "-c", line))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    LOG.info("system({}) failed: timed out after {} s", line, TIMEOUT_SECONDS);
                } else if (p.exitValue() != 0) {
                    LOG.info("system({}) failed: exit status {}", line, p.exitValue());
                }
            } catch (Exception e) {
                LOG.info("system({}) failed: {}", line, e.getMessage());
            }
        });
    }

    /** Waits (bounded) for the commands already asked for, e.g. the last {@code stop} at shutdown. */
    @Override
    public void drain(long timeoutMillis) {
        queue.shutdown();
        try {
            queue.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
