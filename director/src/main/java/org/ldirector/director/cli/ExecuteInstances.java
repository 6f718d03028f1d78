package org.ldirector.director.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * ldirectord's {@code execute = <config>}: other configurations managed together with this
 * one. At start each gets {@code ldirectord <config> start}, at stop {@code stop}, with status
 * {@code status}; on reload added ones are started, removed ones stopped and kept ones reloaded
 * (started if the reload fails).
 */
final class ExecuteInstances {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    private static final long TIMEOUT_SECONDS = 120;

    private final String ldirectord;
    private final List<String> options;

    /** The children get our own backend options ({@code --ipvsadm}, {@code --ipvs}/{@code --dry-run}, {@code --rundir}), so they manage the same kernel. */
    ExecuteInstances(Invocation inv) {
        this.ldirectord = program(inv.argv0());
        List<String> o = new java.util.ArrayList<>();
        inv.ipvsadm().ifPresent(p -> o.addAll(List.of("--ipvsadm", p.toString())));
        if (inv.dryRun()) {
            o.add("--dry-run");
        } else if (inv.ipvs() != IpvsChoice.AUTO && inv.ipvsadm().isEmpty()) {
            o.addAll(List.of("--ipvs", inv.ipvs().option()));
        }
        o.addAll(List.of("--rundir", inv.rundir().toString()));
        this.options = List.copyOf(o);
    }

    /** The options each child gets. */
    List<String> options() {
        return options;
    }

    /** Our own launcher if we know its path, else {@code ldirectord} on the PATH, else /usr/sbin/ldirectord. */
    static String program(String argv0) {
        if (argv0.startsWith("/") && Files.isExecutable(Path.of(argv0))) {
            return argv0;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "ldirectord");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return "/usr/sbin/ldirectord";
    }

    void startAll(List<String> configs) {
        configs.forEach(c -> run(c, "start"));
    }

    void stopAll(List<String> configs) {
        configs.forEach(c -> run(c, "stop"));
    }

    void statusAll(List<String> configs) {
        configs.forEach(c -> run(c, "status"));
    }

    void reload(List<String> before, List<String> after) {
        Set<String> old = new LinkedHashSet<>(before);
        for (String c : before) {
            if (!after.contains(c)) {
                run(c, "stop");
            }
        }
        for (String c : after) {
            if (!old.contains(c)) {
                run(c, "start");
            } else if (run(c, "reload") != 0) {
                run(c, "start");
            }
        }
    }

    private int run(String config, String command) {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(ldirectord);
        cmd.addAll(options);
        cmd.add(config);
        cmd.add(command);
        LOG.debug("Running system({} {} {})", ldirectord, config, command);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().remove(Main.DETACHED_ENV); // the child must detach on its own, not run in our foreground
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.info("system({} {} {}) failed: timed out", ldirectord, config, command);
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            LOG.info("system({} {} {}) failed: {}", ldirectord, config, command, e.getMessage());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
