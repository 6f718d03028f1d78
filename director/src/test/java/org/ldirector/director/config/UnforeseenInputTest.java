package org.ldirector.director.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * Input the parser's rules do not foresee still ends as a configuration error naming the file and the line, never
 * as an unchecked exception (which the command line turns into "internal error", exit 1).
 */
class UnforeseenInputTest {

    @Test
    void anUncheckedExceptionWhileParsingIsAnErrorAtTheLineBeingRead() {
        TestEnv env = new TestEnv();
        HostResolver failing = (name, family) -> {
            throw new IllegalArgumentException("resolver cannot take " + name);
        };
        ConfigParser parser = new ConfigParser(failing, ServicePorts.builtIn(), TestEnv.HOSTNAME, env.files());
        String text = "checkinterval=5\n\nvirtual=odd.example:80\n\treal=127.0.0.1:80 gate\n";

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> parser.read(TestEnv.FILE, text.getBytes(StandardCharsets.UTF_8)));

        assertThat(e).isNotNull();
        assertThat(e.error().file()).isEqualTo(TestEnv.FILE.toString());
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).isEqualTo("cannot read this line (IllegalArgumentException)");
    }

    @Test
    void theErrorDoesNotQuoteWhatTheFailureSaidOfTheLine() {
        TestEnv env = new TestEnv();
        HostResolver failing = (name, family) -> {
            throw new IllegalStateException("cannot resolve " + name + " with passwd=t0ps3cret");
        };
        ConfigParser parser = new ConfigParser(failing, ServicePorts.builtIn(), TestEnv.HOSTNAME, env.files());
        String text = "checkinterval=5\n\nvirtual=odd.example:80\n\treal=127.0.0.1:80 gate\n";
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> parser.read(TestEnv.FILE, text.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).doesNotContain("t0ps3cret");
    }
}
