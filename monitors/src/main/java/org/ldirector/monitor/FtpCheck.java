package org.ldirector.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;

/**
 * ldirectord's {@code service=ftp} negotiate check ({@code check_ftp}, Net::FTP), on Apache
 * Commons Net: connect, log in with {@code login}/{@code passwd} (the config parser supplies
 * ldirectord's defaults {@code anonymous} / {@code ldirectord@<HOSTNAME>}), {@code CWD /},
 * {@code TYPE I}, passive mode, then {@code RETR} of the {@code request} (with its leading
 * {@code /}) into memory: at most {@value #MAX_CONTENT_BYTES} bytes are kept and matched. UP iff
 * the content (decoded as UTF-8) matches {@code receive} (unanchored).
 *
 * <p>Unlike ldirectord, which ignored every FTP error and then matched whatever had been
 * downloaded, each step must succeed: a refused login or a missing file is DOWN with the server's
 * reply. An empty {@code receive} (Perl's empty pattern, "the last successful regex", in
 * ldirectord) means: UP iff the file was retrieved completely (or its first
 * {@value #MAX_CONTENT_BYTES} bytes arrived), whatever it holds.
 *
 * <p>The data connection always goes to the real's address, whatever address the server's
 * {@code PASV} reply names (as curl does by default): the check tests the real, and a reply naming
 * some other host is never followed. IPv6 uses {@code EPSV}.
 *
 * <p>Messages: {@code -} when UP; {@code greeting: ...}, {@code login: 530 ...} (the password is
 * scrubbed), {@code CWD /: ...}, {@code RETR /file: 550 ...}, {@code content of /file does not
 * match receive}, the connection failure, or {@code timed out after Ns}.
 */
public final class FtpCheck implements Monitor {

    static final int MAX_CONTENT_BYTES = 1 << 20;
    private static final int QUIT_MILLIS = 250;

    public FtpCheck() {
    }

    @Override
    public CheckResult check(CheckTarget target, Duration timeout) {
        if (target.port() == 0) {
            return CheckResult.down("no check port");
        }
        LoginOptions given = LoginOptions.of(target);
        Receive compiled = Receive.of(given.receive());
        if (compiled.invalid() != null) {
            return compiled.invalid();
        }
        Pattern receive = compiled.pattern();
        String path = given.request().isEmpty() ? "/" : given.request();
        return BoundedProbe.run("ldirector-ftp-check", timeout, session -> {
            InetAddress server = HostLookup.resolve(target.host(), session.deadline());
            FTPClient ftp = new FTPClient();
            session.closeOnAbort(() -> disconnect(ftp));
            try {
                ftp.setControlEncoding(StandardCharsets.UTF_8.name());
                ftp.setConnectTimeout(session.soTimeoutMillis());
                ftp.setDefaultTimeout(session.soTimeoutMillis());
                // Data connections go to the real server, never to whatever host a PASV reply names.
                ftp.setPassiveNatWorkaroundStrategy(host -> server.getHostAddress());
                ftp.connect(server, target.port());
                if (!FTPReply.isPositiveCompletion(ftp.getReplyCode())) {
                    return down("greeting", ftp, given);
                }
                ftp.setSoTimeout(session.soTimeoutMillis());
                if (!ftp.login(given.login(), given.password())) {
                    return quit(down("login", ftp, given), ftp, session);
                }
                ftp.setSoTimeout(session.soTimeoutMillis());
                if (!ftp.changeWorkingDirectory("/")) {
                    return quit(down("CWD /", ftp, given), ftp, session);
                }
                ftp.setSoTimeout(session.soTimeoutMillis());
                if (!ftp.setFileType(FTP.BINARY_FILE_TYPE)) {
                    return quit(down("TYPE I", ftp, given), ftp, session);
                }
                ftp.enterLocalPassiveMode();
                ftp.setSoTimeout(session.soTimeoutMillis());
                ftp.setDataTimeout(Duration.ofMillis(session.soTimeoutMillis()));
                InputStream data = ftp.retrieveFileStream(path);
                if (data == null) {
                    return quit(down("RETR " + path, ftp, given), ftp, session);
                }
                byte[] content;
                boolean truncated;
                try (InputStream in = session.closeOnAbort(data)) {
                    content = in.readNBytes(MAX_CONTENT_BYTES);
                    truncated = in.read() >= 0;
                }
                ftp.setSoTimeout(session.soTimeoutMillis());
                boolean complete = ftp.completePendingCommand();
                if (!complete && !truncated) {
                    return quit(down("RETR " + path, ftp, given), ftp, session);
                }
                if (receive != null && !receive.matcher(new String(content, StandardCharsets.UTF_8)).find()) {
                    return quit(CheckResult.down("content of " + path + " does not match receive"), ftp, session);
                }
                return quit(CheckResult.up("-"), ftp, session);
            } finally {
                disconnect(ftp);
            }
        }, e -> CheckResult.down(Failures.scrub(Failures.describe(e), given.password())));
    }

    private static CheckResult down(String step, FTPClient ftp, LoginOptions given) {
        String reply = ftp.getReplyString() == null ? "" : ftp.getReplyString().strip();
        return CheckResult.down(step + ": " + Failures.printable(Failures.scrub(reply, given.password())));
    }

    /** Says goodbye without letting a slow {@code QUIT} reply hold the verdict. */
    private static CheckResult quit(CheckResult result, FTPClient ftp, BoundedProbe.Session session) {
        long millis = Math.min(QUIT_MILLIS, session.deadline().remainingMillis() / 2);
        if (millis <= 0) {
            return result;
        }
        try {
            ftp.setSoTimeout((int) millis);
            ftp.logout();
        } catch (IOException e) {
            // the verdict is already known
        }
        return result;
    }

    private static void disconnect(FTPClient ftp) {
        try {
            if (ftp.isConnected()) {
                ftp.disconnect();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }
}
