package org.ldirector.director.importer;

import java.util.LinkedHashMap;
import java.util.Map;

/** The ldirectord.cf check directives one keepalived real's checker became, and where that checker stands. */
record CheckPlan(Map<String, String> directives, Origin origin) {

    CheckPlan {
        directives = new LinkedHashMap<>(directives);
    }

    /** The directives other than request and receive (which a real line can carry for itself). */
    Map<String, String> shape() {
        Map<String, String> m = new LinkedHashMap<>(directives);
        m.remove("request");
        m.remove("receive");
        return m;
    }
}
