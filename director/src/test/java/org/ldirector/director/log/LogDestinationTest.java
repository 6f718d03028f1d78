package org.ldirector.director.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LogDestinationTest {

    @Test
    void logfileStartingWithSlashIsAFile() {
        assertThat(LogDestination.ofLogfile("/var/log/ld.log"))
                .isEqualTo(new LogDestination.FileLog(Path.of("/var/log/ld.log")));
        assertThat(LogDestination.defaultFile())
                .isEqualTo(new LogDestination.FileLog(Path.of("/var/log/ldirectord.log")));
    }

    @Test
    void anyOtherLogfileIsASyslogFacility() {
        assertThat(LogDestination.ofLogfile("local0")).isEqualTo(new LogDestination.Syslog("local0"));
        assertThat(LogDestination.ofLogfile("daemon")).isEqualTo(
                new LogDestination.Syslog("daemon", Path.of("/dev/log")));
        assertThat(new LogDestination.Syslog("local0").infoPriority()).isEqualTo(134);
        assertThat(new LogDestination.Syslog("daemon").infoPriority()).isEqualTo(30);
        assertThat(new LogDestination.Syslog("user").infoPriority()).isEqualTo(14);
    }

    @Test
    void facilityNamesIgnoreCaseAndALogPrefixLikeSysSyslog() {
        assertThat(LogDestination.ofLogfile("LOCAL5")).isEqualTo(new LogDestination.Syslog("local5"));
        assertThat(LogDestination.ofLogfile("LOG_DAEMON")).isEqualTo(new LogDestination.Syslog("daemon"));
        assertThat(((LogDestination.Syslog) LogDestination.ofLogfile("Local5")).facility()).isEqualTo("local5");
    }

    @Test
    void emptyOrUnknownLogfileFallsBackToFacilityUser() {
        assertThat(LogDestination.ofLogfile("")).isEqualTo(new LogDestination.Syslog("user"));
        assertThat(LogDestination.ofLogfile("ldirectord.log")).isEqualTo(new LogDestination.Syslog("user"));
        assertThat(LogDestination.Syslog.isFacility("ldirectord.log")).isFalse();
        assertThatThrownBy(() -> new LogDestination.Syslog("ldirectord.log"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown syslog facility: ldirectord.log");
    }

    @Test
    void debugWinsOverSupervisedWhichWinsOverLogfile() {
        assertThat(LogDestination.select(true, true, "local0")).isInstanceOf(LogDestination.Debug.class);
        assertThat(LogDestination.select(false, true, "local0")).isInstanceOf(LogDestination.Supervised.class);
        assertThat(LogDestination.select(false, false, "local0")).isEqualTo(new LogDestination.Syslog("local0"));
        assertThat(LogDestination.select(false, false, "/tmp/x.log"))
                .isEqualTo(new LogDestination.FileLog(Path.of("/tmp/x.log")));
    }

    @Test
    void cfgNameIsLdirectordOrTheBasenameOfTheConfigArgumentWithItsExtension() {
        assertThat(LogSetup.cfgName(null)).isEqualTo("ldirectord");
        assertThat(LogSetup.cfgName("/etc/ha.d/ldirectord.cf")).isEqualTo("ldirectord.cf");
        assertThat(LogSetup.cfgName("web.cf")).isEqualTo("web.cf");
        assertThat(LogSetup.cfgName("conf/ldirectord")).isEqualTo("ldirectord");
    }
}
