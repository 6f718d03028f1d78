package org.ldirector.director.engine;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

import org.ldirector.director.config.RealServer;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.ipvs.Endpoint;

/**
 * The one rule behind the fallback server and {@code fallbackcommand}: a virtual falls back when
 * none of its reals serves and the health of every one is known (a real without a first result
 * yet keeps the decision open, so a start does not flap the fallback in and out). A drained or
 * maintained real does not serve. A real listed twice counts once: its first line decides, as in
 * the table.
 */
public record Serving(boolean anyServing, boolean allKnown) {

    public static Serving of(VirtualService v, Function<RealKey, RealState> state) {
        boolean any = false;
        boolean known = true;
        Set<Endpoint> seen = new HashSet<>();
        for (RealServer r : v.reals()) {
            if (!seen.add(KernelRules.kernelEndpoint(v.key(), r.endpoint(), r.forwarding()))) {
                continue;
            }
            RealState s = state.apply(new RealKey(v.key(), r.endpoint()));
            any |= s.serving();
            known &= s != RealState.UNKNOWN;
        }
        return new Serving(any, known);
    }

    /** Whether the fallback should be in: nothing serves and that is known. */
    public boolean fallback() {
        return !anyServing && allKnown;
    }

    /** Whether the decision is made either way (something serves, or all is known). */
    public boolean decided() {
        return anyServing || allKnown;
    }
}
