package org.ldirector.packaging;

import java.util.List;

/** The configurations the installed daemon runs with, and the IPVS rules each one gives. */
final class Configs {

    private Configs() {
    }

    /** What an operator migrating from the Perl ldirectord has in /etc/ha.d/ldirectord.cf. */
    static final String OPERATOR = """
            # The operator's configuration, there before the package.
            checktimeout=2
            checkinterval=1
            autoreload=no
            quiescent=no

            virtual=127.0.0.1:18080
            \treal=127.0.0.2:18080 gate
            \treal=127.0.0.3:18080 gate
            \tchecktype=on
            \tscheduler=wrr
            \tprotocol=tcp
            """;

    static final List<String> OPERATOR_RULES = List.of(
            "-A -t 127.0.0.1:18080 -s wrr",
            "-a -t 127.0.0.1:18080 -r 127.0.0.2:18080 -g -w 1",
            "-a -t 127.0.0.1:18080 -r 127.0.0.3:18080 -g -w 1");

    /** {@link #OPERATOR} with one more virtual service. */
    static final String OPERATOR_PLUS_ONE = OPERATOR + """

            virtual=127.0.0.1:18090
            \treal=127.0.0.4:18090 gate 3
            \tchecktype=on
            """;

    static final String ADDED_RULE = "-a -t 127.0.0.1:18090 -r 127.0.0.4:18090 -g -w 3";

    /** {@link #OPERATOR} with a line ldirectord refuses. */
    static final String BROKEN = OPERATOR + "\nbogusdirective=1\n";

    /** A second, independent configuration. */
    static final String OTHER = """
            checkinterval=1

            virtual=127.0.0.1:18100
            \treal=127.0.0.5:18100 gate
            \tchecktype=on
            """;

    static final String OTHER_RULE = "-a -t 127.0.0.1:18100 -r 127.0.0.5:18100 -g -w 1";
}
