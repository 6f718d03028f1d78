package org.ldirector.director.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error of {@code read_config}: configuration text → ldirectord's exact message and line. Lines are joined with
 * {@code \n}; the text ends with a newline unless it already ends with a {@code \r} or the case says otherwise.
 */
class ConfigErrorsTest {

    private static final String V = "virtual=192.0.2.1:80\n";
    private static final String V6 = "virtual6=[2001:db8::1]:80\n";
    private static final String FW = "virtual=7\n";
    private static final String R = "\treal=192.0.2.11:80 gate\n";
    private static final String SERVICE_ERROR = "service must be dns, ftp, http, https, http_proxy, imap, imaps, "
            + "ldap, ldaps, mysql, nntp, none, oracle, pop, pops, radius, pgsql, simpletcp, sip, smtp or submission";
    private static final String CHECKTYPE_ERROR = "checktype must be \"connect\", \"negotiate\", \"on\", \"off\", "
            + "\"ping\", \"external\", \"external-perl\" or a positive number";

    static Stream<Arguments> errors() {
        return Stream.of(
                // ---- global directives ({@code set_defaults})
                arguments("checktimeout=0\n", 1, "invalid check timeout value"),
                arguments("checktimeout=abc\n", 1, "invalid check timeout value"),
                arguments("checktimeout=00\n", 1, "invalid check timeout value"),
                arguments("connecttimeout=5\n", 1, "connecttimeout directive deprecated in favour of negotiatetimeout"),
                arguments("negotiatetimeout=0\n", 1, "invalid negotiate timeout value"),
                arguments("checkinterval=0\n", 1, "invalid check interval value"),
                arguments("checkinterval=\n", 1, "invalid check interval value"),
                arguments("checkcount=x\n", 1, "invalid check count value"),
                arguments("failurecount=0\n", 1, "invalid failure count value"),
                arguments("fallback=nosuch.example:80\n", 1,
                        "invalid IPv4 address or could not resolve for fallback server: nosuch.example"),
                arguments("fallback6=127.0.0.1:80\n", 1,
                        "invalid IPv6 address or could not resolve for fallback server: 127.0.0.1"),
                arguments("fallback6=[::1]:99999\n", 1, "invalid port for fallback server"),
                arguments("fallback=127.0.0.1:80 nat\n", 1, "forward method must be gate, masq or ipip"),
                arguments("fallbackcommand=\n", 1, "invalid fallback command"),
                arguments("autoreload=yes # reload on change\n", 1, "autoreload must be 'yes' or 'no'"),
                arguments("autoreload=yes\r\n", 1, "autoreload must be 'yes' or 'no'"),
                arguments("callback=/usr/local/bin/sync\n", 1, "Unknown command callback=/usr/local/bin/sync\n "),
                arguments("logfile=/var/log/x.log\n", 1, "Unknown command logfile=/var/log/x.log\n "),
                arguments("logfile=\"/nonexistent/x.log\"\n", 1, "unable to open logfile: /nonexistent/x.log"),
                arguments("fork=true\n", 1, "fork must be 'yes' or 'no'"),
                arguments("supervised=1\n", 1, "supervised must be 'yes' or 'no'"),
                arguments("supervisedly\n", 1, "supervised must be 'yes' or 'no'"),
                arguments("quiescent=yes \n", 1, "quiescent must be 'yes' or 'no'"),
                arguments("quiescent=yes # c\n", 1, "quiescent must be 'yes' or 'no'"),
                arguments("readdquiescent=maybe\n", 1, "readdquiescent must be 'yes' or 'no'"),
                arguments("emailalert=\n", 1, "no email address specified"),
                arguments("emailalert=\"\"\n", 1, "no email address specified"),
                arguments("emailalertfreq=x\n", 1, "invalid email alert frequency"),
                arguments("emailalertfreq=x10\n", 1, "invalid email alert frequency"),
                arguments("emailalertstatus=sometimes\n", 1, "invalid email alert status at: \"sometimes\""),
                arguments("emailalertstatus=running \n", 1, "invalid email alert status at: \"running \""),
                arguments("emailalertstatus=,running\n", 1, "invalid email alert status at: \"\""),
                arguments("emailalertstatus=none,running\n", 1,
                        "invalid email alert status: \"running\" specified with \"none\""),
                arguments("emailalertstatus=running , none\n", 1,
                        "invalid email alert status: \"running\" specified with \"none\""),
                arguments("emailalertfrom=\n", 1, "no email from address specified"),
                arguments("cleanstop=off\n", 1, "cleanstop must be 'yes' or 'no'"),
                arguments("smtp=@relay\n", 1, "invalid SMTP server address"),
                arguments("smtp=\"relay\"\n", 1, "invalid SMTP server address"),
                arguments("maintenancedir=\n", 1, "maintenance directory not specified"),
                arguments("failover=\n", 1, "failover file not specified"),
                arguments("rise=0\n", 1, "invalid rise count value"),
                arguments(V + "\trise=x\n", 2, "invalid rise count"),
                arguments("failover=ha.cf\n", 1, "failover file must be an absolute path: ha.cf"),
                arguments(V + "\tfailover=/etc/ha.d/ha.cf\n", 2, "Unknown command \"\tfailover=/etc/ha.d/ha.cf\n\""),
                arguments("timeout = 30\n", 1,
                        "timeout directive deprecated in favour of checktimeout and negotiatetimeout"),
                arguments("scheduler=rr\n", 1, "Unknown command scheduler=rr\n "),
                arguments("# comment\n\n  checkinterval=5\n", 3, "Unknown command   checkinterval=5\n "),
                arguments("checkinterval=5\nbogus", 2, "Unknown command bogus "),
                arguments("Checkinterval=5\n", 1, "Unknown command Checkinterval=5\n "),

                // ---- the virtual= line ({@code read_config})
                arguments("virtual=\n", 1, "invalid address for virtual server"),
                arguments("virtual=[2001:db8::1]:80\n", 1,
                        "cannot specify an IPv6 address here. please use \"virtual6\" instead."),
                arguments("virtual6=[1:2:3]:80\n", 1, "invalid ipv6 address for virtual server"),
                arguments("virtual6=[2001:db8::zz]:80\n", 1, "invalid address for virtual server"),
                arguments("virtual=nosuch.example:80\n" + R, 1, "invalid address for virtual service"),
                arguments("virtual=192.0.2.1:nosuchservice\n" + R, 1, "invalid address for virtual service"),
                arguments("virtual=192.0.2.1:99999\n" + R, 1, "invalid address for virtual service"),
                arguments("virtual6=192.0.2.1:80\n", 1, "invalid address for virtual service"),

                // ---- section lines ({@code read_config}) and directives ({@code read_config})
                arguments(V + "\treal6=[2001:db8::11]:80 gate\n", 2,
                        "cannot specify \"real6\" here.  please use \"real\" instead"),
                arguments(V6 + "\treal=192.0.2.11:80 gate\n", 2,
                        "cannot specify \"real\" here.  please use \"real6\" instead"),
                arguments(V + "\trequest=\"\"\n", 2, "no request string specified"),
                arguments(V + "\trequest=index.html\n", 2, "Unknown command \"\trequest=index.html\n\""),
                arguments(V + "\treceive=\"\"\n", 2, "invalid receive string"),
                arguments(V + "\treceive=\"a#b\"\n", 2, "Unknown command \"\treceive=\"a#b\"\n\""),
                arguments(V + "\treceive=\u201cok\"\n", 2, "Unknown command \"\treceive=\u201cok\"\n\""),
                arguments(V + "\tchecktype=tcp\n", 2, CHECKTYPE_ERROR),
                arguments(V + "\tchecktype=\n", 2, CHECKTYPE_ERROR),
                arguments(V + "\tcheckcommand=\"\"\n", 2, "invalid check command"),
                arguments(V + "\tchecktimeout=0\n", 2, "invalid check timeout"),
                arguments(V + "\tconnecttimeout=1\n", 2,
                        "connecttimeout directive deprecated in favour of negotiatetimeout"),
                arguments(V + "\tnegotiatetimeout=x\n", 2, "invalid negotiate timeout"),
                arguments(V + "\tcheckcount=0\n", 2, "invalid check count"),
                arguments(V + "\tfailurecount=0\n", 2, "invalid failure count"),
                arguments(V + "\tcheckinterval=0\n", 2, "invalid checkinterval"),
                arguments(V + "\tcheckport=http\n", 2, "invalid port"),
                arguments(V + "\tcheckport=0\n", 2, "checkport must be in range 1..65536"),
                arguments(V + "\tcheckport=65536\n", 2, "checkport must be in range 1..65536"),
                arguments(V + "\tlogin=\"\"\n", 2, "invalid login string"),
                arguments(V + "\tlogin=bob\n", 2, "Unknown command \"\tlogin=bob\n\""),
                arguments(V + "\tpasswd=\"\"\n", 2, "invalid password"),
                arguments(V + "\tdatabase=\"\"\n", 2, "invalid database"),
                arguments(V + "\tsecret=\"\"\n", 2, "invalid secret"),
                arguments(V + "\tload=\"--\"\n", 2, "invalid string for load testing"),
                arguments(V + "\tscheduler=WRR\n", 2, "invalid scheduler, should be only lowercase letters (a-z)"),
                arguments(V + "\tpersistent=forever\n", 2, "invalid persistent timeout"),
                arguments(V + "\tschedflags=\n", 2, "invalid sched-flags"),
                arguments(V + "\tnetmask=24\n", 2, "invalid netmask: dotted quad notation is required"),
                arguments(V + "\tnetmask=255.255.255.0 # c\n", 2, "invalid netmask: dotted quad notation is required"),
                arguments(V6 + "\tnetmask=129\n", 2, "invalid netmask: a prefix length between 1 and 128 is required"),
                arguments(V6 + "\tnetmask=ffff::\n", 2,
                        "invalid netmask: a prefix length between 1 and 128 is required"),
                arguments(V + "\tprotocol=fwm\n", 2,
                        "protocol must be tcp or udp if the virtual service is an address and port"),
                arguments(FW + "\tprotocol=tcp\n", 2,
                        "protocol must be fwm if the virtual service is a fwmark (a number)"),
                arguments(V + "\tprotocol=\n", 2, "invalid protocol"),
                arguments(V + "\tops=1\n", 2, "ops must be 'yes' or 'no'"),
                arguments(V + "\tservice=telnet\n", 2, SERVICE_ERROR),
                arguments(V + "\tservice=\n", 2, SERVICE_ERROR),
                arguments(V + "\thttpmethod=POST\n", 2, "httpmethod must be GET or HEAD"),
                arguments(V + "\tfallback6=[::1]:80\n", 2,
                        "cannot specify \"fallback6\" here.  please use \"fallback\" instead"),
                arguments(V6 + "\tfallback=127.0.0.1:80\n", 2,
                        "cannot specify \"fallback\" here.  please use \"fallback6\" instead"),
                arguments(V + "\tfallback=127.0.0.1:80 tunnel\n", 2, "forward method must be gate, masq or ipip"),
                arguments(V + R + "\tfallback=nosuch.example:80\n" + R, 3,
                        "invalid IPv4 address or could not resolve for fallback server: nosuch.example"),
                arguments(V + "\tfallback=127.0.0.1:nosuchport\n", 2, "invalid port for fallback server"),
                arguments(V6 + "\tfallback6=nosuch.example\n", 2,
                        "invalid IPv6 address or could not resolve for fallback server: nosuch.example"),
                arguments(V + "\tfallbackcommand=\"\"\n", 2, "invalid fallback command"),
                arguments(V + "\tquiescent=yes\r\n", 2, "quiescent must be 'yes' or 'no'"),
                arguments(V + "\temailalert=\"\"\n", 2, "no email address specified"),
                arguments(V + "\temailalertfreq=-1\n", 2, "invalid email alert frequency"),
                arguments(V + "\temailalertstatus=all,bogus\n", 2, "invalid email alert status at: \"bogus\""),
                arguments(V + "\tmonitorfile=/nonexistent/monitor.log\n", 2,
                        "unable to open monitorfile /nonexistent/monitor.log: No such file or directory"),
                arguments(V + "\tcleanstop=\n", 2, "cleanstop must be 'yes' or 'no'"),
                arguments(V + "\tsmtp=\n", 2, "invalid SMTP server address"),
                arguments(V + "\tfoo=bar # c\n", 2, "Unknown command \"\tfoo=bar # c\n\""),
                arguments(V + "\tpassword=\"x\"\n", 2, "Unknown command \"\tpassword=\"x\"\n\""),
                arguments(V + "\treaddquiescent=yes\n", 2, "Unknown command \"\treaddquiescent=yes\n\""),
                arguments(V + "\tmaintenancedir=/tmp\n", 2, "Unknown command \"\tmaintenancedir=/tmp\n\""),
                arguments(V + "\tfork=yes\n", 2, "Unknown command \"\tfork=yes\n\""),
                arguments(V + "\tvirtual=192.0.2.2:80\n", 2, "Unknown command \"\tvirtual=192.0.2.2:80\n\""),
                arguments(V + R + "     \n" + R, 3, "Unknown command \"     \n\""),
                arguments(V + R + "\t \n", 3, "Unknown command \"\t \n\""),
                arguments(V + R + "\n\trequest=\"/a\"\n", 4, "Unknown command \trequest=\"/a\"\n "),
                arguments(V + "\trequest=\"/a\" # c\n  \tfoo=bar\n", 3, "Unknown command \"  \tfoo=bar\n\""),

                // ---- real= ({@code add_real_server})
                arguments(V + "\treal=192.0.2.11\n", 2, "invalid address for real server (wrong format)"),
                arguments(V + "\treal=nosuch.example:80 gate\n", 2,
                        "invalid address (nosuch.example) for real server (could not resolve host)"),
                arguments(V + "\treal=192.0.2.11:99999 gate\n", 2,
                        "invalid port (99999) for real server (could not resolve port)"),
                arguments(V + "\treal=192.0.2.11:nosuchsvc gate\n", 2,
                        "invalid port (nosuchsvc) for real server (could not resolve port)"),
                arguments(V + "\treal=192.0.2.11->nosuch.example:80 gate\n", 2,
                        "invalid address (nosuch.example) for real server (could not resolve end host)"),
                arguments(V + "\treal=10.0.0.9->10.0.0.2:80 gate\n", 2,
                        "Invalid Range: 10.0.0.9-10.0.0.2: First value must be greater than or equal to the second value"),
                arguments(V6 + "\treal6=[2001:db8::11]->[2001:db8::13]:80 gate\n", 2,
                        "Address range for IPv6 is not supported yet"),
                arguments(V + "\treal=192.0.2.11:80 route\n", 2, "forward method must be gate, masq or ipip"),
                arguments(V + "\treal=192.0.2.11:80 Gate\n", 2, "forward method must be gate, masq or ipip"),
                arguments(V + "\treal=192.0.2.11:80 \n", 2, "forward method must be gate, masq or ipip"),
                arguments(V + "\treal=192.0.2.11:80 gate 1 \"/x\"\n", 2,
                        "Invalid real server line, around \" \"/x\"\""),
                arguments(V + "\treal=192.0.2.11:80 gate 1 fast\n", 2, "Invalid real server line, around \" fast\""),

                // ---- errors reported when the section ends ({@code read_config}, {@code config_error})
                arguments(V + "\treal=nosuch.example:80 gate\n\tbogus=1\n", 3, "Unknown command \"\tbogus=1\n\""),
                arguments(V + R + "\n# other\n" + V + R + "\n", 7, "duplicate virtual server"),
                arguments(V + R + "virtual=192.0.2.1:http\n" + R, 4, "duplicate virtual server"),
                arguments(V + R + "virtual=192.0.2.1:80\n" + R + "# trailing comment\n", 5,
                        "duplicate virtual server"),
                arguments(FW + R + "\nvirtual=7\n", 4, "duplicate virtual server"),

                // ---- better than ldirectord (docs/compatibility-config.md)
                // A NUL byte cannot be in a path: an error at its line, not an internal error when it is used.
                arguments("checkinterval=5\nmaintenancedir=/var/ld\0maint\n", 2,
                        "invalid maintenancedir path: Nul character not allowed"),
                arguments(V + R + "\tmonitorfile=\"/tmp/m\0.log\"\n", 3,
                        "invalid monitorfile path: Nul character not allowed"),
                arguments("logfile=\"/tmp/l\0.log\"\n", 1, "invalid logfile path: Nul character not allowed"),
                arguments("execute=other\0.cf\n", 1, "invalid execute path: Nul character not allowed"),
                arguments("callback=\"/bin/cb\0\"\n", 1, "invalid callback path: Nul character not allowed"),
                arguments("failover=/etc/ha.d/ha\0.cf\n", 1, "invalid failover path: Nul character not allowed"),
                arguments("virtual=192.168.1.1\n" + R, 1,
                        "invalid address for virtual server (no port given: \"192.168.1.1\"; a firewall mark is a plain number)"),
                arguments("virtual=192.168.1.1 # web\n" + R, 1,
                        "invalid address for virtual server (no port given: \"192.168.1.1\"; a firewall mark is a plain number)"),
                arguments("virtual=12abc\n", 1, "invalid firewall mark for virtual server: \"12abc\""),
                arguments("virtual=0\n", 1, "invalid firewall mark for virtual server: \"0\" (must be 1..4294967295)"),
                arguments("virtual=4294967296\n", 1,
                        "invalid firewall mark for virtual server: \"4294967296\" (must be 1..4294967295)"),
                arguments(V + "\treal=host_name:80 gate\n", 2,
                        "invalid address for real server (wrong format): \"host_name:80 gate\""),
                arguments(V + "\treal=192.0.2.11:80:90 gate\n", 2,
                        "invalid address for real server (wrong format): \"192.0.2.11:80:90 gate\""),
                arguments(V + "\treal=192.168.1.[2-x]:80 gate\n", 2,
                        "invalid address for real server (wrong format): \"192.168.1.[2-x]:80 gate\""),
                arguments(V + "\treal=192.168.1.[4-2]:80 gate\n", 2,
                        "Invalid Range: 192.168.1.4-192.168.1.2: First value must be greater than or equal to the second value"),
                arguments(V + "\treal=10.0.0.0->10.2.0.0:80 gate\n", 2,
                        "Invalid Range: 10.0.0.0-10.2.0.0: more than 65536 addresses"),
                arguments(V + "\treal=192.0.2.11:80 gate 1 \"/x\", \"y\" junk\n", 2,
                        "Invalid real server line, around \" junk\""));
    }

    @ParameterizedTest(name = "[{index}] line {1}: {2}")
    @MethodSource("errors")
    void reportsLdirectordsMessageAtItsLine(String config, int line, String message) {
        TestEnv env = new TestEnv();
        env.appendErrors.put("/nonexistent/x.log", "No such file or directory");
        env.appendErrors.put("/nonexistent/monitor.log", "No such file or directory");

        ConfigException e = env.error(config);

        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.line()).isEqualTo(line);
    }

    @Test
    void errorIsFormattedAsLdirectordPrintsIt() {
        ConfigException e = new TestEnv().error("checkinterval=5\nscheduler=rr\n");

        assertThat(e.format(4242)).isEqualTo(
                "Error [4242] reading file /etc/ha.d/ldirectord.cf at line 2: Unknown command scheduler=rr\n ");
    }

    @Test
    void unreadableFileIsReportedWithoutALine() {
        ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> new TestEnv().parser().read(java.nio.file.Path.of("/nonexistent/ldirectord.cf")));

        assertThat(e.format(7)).isEqualTo("Error [7]: can not open file /nonexistent/ldirectord.cf");
    }

    @Test
    void warningsIssuedBeforeTheErrorTravelWithIt() {
        ConfigException e = new TestEnv().error("checkcount=3\nsupervised\nfork=maybe\n");

        assertThat(e.warnings()).extracting(ConfigMessage::line, ConfigMessage::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1,
                        "checkcount option is deprecated and slated for removal.  please see 'failurecount'"),
                org.assertj.core.groups.Tuple.tuple(2, "please update your config not to use a bare supervised directive"));
    }
}
