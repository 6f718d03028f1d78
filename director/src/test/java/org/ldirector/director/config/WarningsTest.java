package org.ldirector.director.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import org.junit.jupiter.api.Test;

/** ldirectord's {@code config_warn} messages: the configuration is used, the warning is reported. */
class WarningsTest {

    private static final String CHECKCOUNT =
            "checkcount option is deprecated and slated for removal.  please see 'failurecount'";

    private final TestEnv env = new TestEnv();

    @Test
    void checkcountIsDeprecatedGloballyAndPerVirtual() throws Exception {
        DirectorConfig c = env.parse("checkcount=3\nvirtual=192.0.2.1:80\n\tcheckcount=2\n");

        assertThat(c.warnings()).extracting(ConfigMessage::severity, ConfigMessage::line, ConfigMessage::message)
                .containsExactly(tuple(ConfigMessage.Severity.WARNING, 1, CHECKCOUNT),
                        tuple(ConfigMessage.Severity.WARNING, 3, CHECKCOUNT));
        assertThat(c.globals().checkCount()).isEqualTo(3);
        assertThat(c.virtuals().get(0).check().checkCount()).isEqualTo(2);
    }

    @Test
    void aBareSupervisedDirectiveWarns() throws Exception {
        DirectorConfig c = env.parse("\nsupervised\n");

        assertThat(c.warnings()).extracting(ConfigMessage::line, ConfigMessage::message)
                .containsExactly(tuple(2, "please update your config not to use a bare supervised directive"));
    }

    @Test
    void aMissingMaintenanceDirectoryWarns() throws Exception {
        DirectorConfig missing = env.parse("maintenancedir=/etc/ha.d/web/\n");
        env.directories.add("/etc/ha.d/web/");
        DirectorConfig present = env.parse("maintenancedir=/etc/ha.d/web/\n");

        assertThat(missing.warnings()).extracting(ConfigMessage::line, ConfigMessage::message)
                .containsExactly(tuple(1, "maintenance directory does not exist"));
        assertThat(present.warnings()).isEmpty();
    }

    @Test
    void aPerVirtualCheckintervalIsHonouredWithoutForkSoItDoesNotWarn() throws Exception {
        // ldirectord ignores it without fork=yes and says so; our checks each have their own schedule.
        String sections = "virtual=192.0.2.1:80\n\tcheckinterval=5\nvirtual=7\n\tcheckinterval=2\nvirtual=192.0.2.1:81\n";
        DirectorConfig c = env.parse(sections);

        assertThat(c.warnings()).isEmpty();
        assertThat(c.virtuals().get(0).check().checkInterval()).hasValue(5);
        assertThat(env.parse("fork=yes\n" + sections).warnings()).isEmpty();
        assertThat(env.parse(sections + "fork=yes\n").warnings()).isEmpty();
    }

    @Test
    void warningsKeepTheirOrderAndFormat() throws Exception {
        DirectorConfig c = env.parse("checkcount=2\nmaintenancedir=/nope\nsupervised\n");

        assertThat(c.warnings()).extracting(w -> w.format(5)).containsExactly(
                "Warning [5] reading file /etc/ha.d/ldirectord.cf at line 1: " + CHECKCOUNT,
                "Warning [5] reading file /etc/ha.d/ldirectord.cf at line 2: maintenance directory does not exist",
                "Warning [5] reading file /etc/ha.d/ldirectord.cf at line 3: "
                        + "please update your config not to use a bare supervised directive");
    }
}
