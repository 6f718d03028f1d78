package org.ldirector.director.alert;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The local mailer, for virtuals without {@code smtp} (ldirectord's {@code Mail::Send}, which normally ends up in
 * {@code sendmail}): the message is piped to {@code <sendmail> -t -oi}, so the recipients come from the {@code To:}
 * header and a line holding a single dot does not end the message. A missing program, a non-zero exit or no exit
 * within the timeout is a failure.
 */
public final class SendmailTransport implements MailTransport {

    /** Where Debian's MTAs (exim4, postfix, ...) put their sendmail. */
    public static final Path DEFAULT_PATH = Path.of("/usr/sbin/sendmail");

    private final Path program;
    private final Duration timeout;

    public SendmailTransport(Path program, Duration timeout) {
        this.program = Objects.requireNonNull(program, "program");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public void send(AlertMail mail) throws IOException {
        if (!Files.isExecutable(program)) {
            throw new IOException(program + ": no such program");
        }
        Process p = new ProcessBuilder(List.of(program.toString(), "-t", "-oi"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(mail.bytes());
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException(program + " did not finish within " + timeout.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(program + " exited with status " + p.exitValue());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            p.destroyForcibly();
            throw e;
        }
    }
}
