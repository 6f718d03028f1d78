package org.ldirector.director.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** {@code notify}, {@code monalert}, {@code monupalert} (global or per virtual) and {@code notifyfifo}: parsed, checked, printed. */
class HookDirectivesTest {

    private static final String VIRTUAL = "virtual=10.1.1.1:80\n\treal=10.0.0.2:80 masq\n";

    private final TestEnv env = new TestEnv();

    @Test
    void aCommandIsSplitOnBlanksAndQuotesKeepTheirBlanks() throws Exception {
        HookSettings h = env.parse("notify = /usr/local/sbin/ld-notify --tag 'web farm' \"a b\"c\n").globals().hooks();

        assertThat(h.notifyCommand().orElseThrow().argv()).containsExactly("/usr/local/sbin/ld-notify", "--tag", "web farm", "a bc");
        assertThat(h.notifyCommand().orElseThrow().text()).isEqualTo("/usr/local/sbin/ld-notify --tag 'web farm' \"a b\"c");
    }

    @Test
    void aVirtualTakesItsOwnCommandsElseTheGlobalOnesAndAlwaysTheGlobalFifo() throws Exception {
        DirectorConfig c = env.parse("notify=/bin/global-notify\nmonalert=/etc/mon/alert.d/mail.alert root\nnotifyfifo=/run/ld.fifo\n\n"
                + VIRTUAL + "\tnotify=/bin/own-notify x\n\tmonupalert=/etc/mon/alert.d/test.alert\n");

        HookSettings v = c.virtuals().get(0).hooks();
        assertThat(v.notifyCommand().orElseThrow().argv()).containsExactly("/bin/own-notify", "x");
        assertThat(v.monAlert().orElseThrow().argv()).containsExactly("/etc/mon/alert.d/mail.alert", "root");
        assertThat(v.monUpAlert().orElseThrow().argv()).containsExactly("/etc/mon/alert.d/test.alert");
        assertThat(v.notifyFifo()).contains(Path.of("/run/ld.fifo"));
        assertThat(c.globals().hooks().monUpAlert()).isEmpty();
    }

    @Test
    void withoutTheDirectivesThereAreNoHooks() throws Exception {
        DirectorConfig c = env.parse("checkinterval=2\n\n" + VIRTUAL);

        assertThat(c.globals().hooks()).isEqualTo(HookSettings.NONE);
        assertThat(c.virtuals().get(0).hooks()).isEqualTo(HookSettings.NONE);
    }

    @Test
    void badValuesAreErrorsNamingTheLine() {
        ConfigException open = env.error("checkinterval=2\nnotify=/bin/x 'unclosed\n");
        assertThat(open.line()).isEqualTo(2);
        assertThat(open.getMessage()).contains("invalid notify command: unbalanced ' quote");

        ConfigException empty = env.error("checkinterval=2\n\n" + VIRTUAL + "\tmonalert=\n");
        assertThat(empty.line()).isEqualTo(5);
        assertThat(empty.getMessage()).contains("invalid monalert command: no program given");

        assertThat(env.error("notifyfifo=run/ld.fifo\n").getMessage()).contains("notifyfifo file must be an absolute path");
        // keepalived's lvs_notify_fifo is global; so is ours
        assertThat(env.error("checkinterval=2\n\n" + VIRTUAL + "\tnotifyfifo=/run/x\n").getMessage()).contains("Unknown command");
    }

    @Test
    void configtestPrintsThemAndTheyParseBack() throws Exception {
        DirectorConfig c = env.parse("notify=/bin/n 'a b'\nmonalert=/a/mail.alert root\nmonupalert=/a/mail.alert -x\n"
                + "notifyfifo=/run/ld.fifo\n\n" + VIRTUAL + "\tmonalert=/a/test.alert\n");

        String printed = ConfigPrinter.print(c);

        assertThat(printed).contains("notify=/bin/n 'a b'\nmonalert=/a/mail.alert root\nmonupalert=/a/mail.alert -x\nnotifyfifo=/run/ld.fifo\n")
                .contains("    notify=/bin/n 'a b'\n    monalert=/a/test.alert\n    monupalert=/a/mail.alert -x\n");
        DirectorConfig again = env.parser().read(Path.of("printed.cf"), printed.getBytes(StandardCharsets.UTF_8));
        assertThat(again.globals().hooks()).isEqualTo(c.globals().hooks());
        assertThat(again.virtuals().get(0).hooks()).isEqualTo(c.virtuals().get(0).hooks());
        assertThat(again.virtuals().get(0).hooks().monAlert().map(HookCommand::argv)).isEqualTo(Optional.of(List.of("/a/test.alert")));
    }
}
