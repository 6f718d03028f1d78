package org.ldirector.director.cli;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import sun.misc.Signal;

/** POSIX signals: sending them to another process, and handling them in this one. */
final class Signals {

    private Signals() {
    }

    /** Sends {@code signal} (e.g. {@code HUP}) to {@code pid} with kill(1). */
    static boolean send(String signal, long pid) {
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Calls {@code handler} with the signal's name (TERM, HUP, ...) when this process receives it. */
    static void handle(String name, java.util.function.Consumer<String> handler) {
        Signal.handle(new Signal(name), s -> handler.accept(s.getName()));
    }
}
