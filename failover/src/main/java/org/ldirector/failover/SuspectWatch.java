package org.ldirector.failover;

import java.util.Collection;
import java.util.Collections;
import java.util.function.Consumer;

import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.stack.Protocol;

/**
 * Sits above VERIFY_SUSPECT2 and reports each verified suspicion (a node that stopped answering) before GMS removes
 * it from the view, so the log can tell "dead" from "left".
 */
final class SuspectWatch extends Protocol {

    private final Consumer<Collection<Address>> onSuspect;

    SuspectWatch(Consumer<Collection<Address>> onSuspect) {
        this.onSuspect = onSuspect;
    }

    @Override
    public Object up(Event evt) {
        if (evt.getType() == Event.SUSPECT) {
            Object arg = evt.arg();
            @SuppressWarnings("unchecked")
            Collection<Address> suspects = arg instanceof Address a ? Collections.singletonList(a)
                    : (Collection<Address>) arg;
            onSuspect.accept(suspects);
        }
        return up_prot.up(evt);
    }
}
