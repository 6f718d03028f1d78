package org.ldirector.director.engine;

/**
 * Runs ldirectord's {@code fallbackcommand}: {@code <cmd> start|stop <vip>:<vport> <tcp|udp|fwm>}
 * through the shell ({@code do_fallback_command}). The real implementation is {@link ShellFallbackCommand}.
 */
public interface FallbackCommand {

    void run(String command, String action, String virtualArgument, String protocol);

    /** Waits, at most {@code timeoutMillis}, for the commands already asked for. */
    default void drain(long timeoutMillis) {
    }
}
