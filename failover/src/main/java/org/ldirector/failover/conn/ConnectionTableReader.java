package org.ldirector.failover.conn;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.ldirector.failover.heartbeat.IpLiterals;

/**
 * Reads the kernel's IPVS connection table, {@code /proc/net/ip_vs_conn}:
 * <pre>
 * Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData
 * TCP C0A80006 C816 AC100064 01BB 0A000011 01BB ESTABLISHED     67
 * </pre>
 * IPv4 addresses are 8 hex digits in host order of the big-endian value; ports 4 hex digits. Current kernels
 * ({@code ip_vs_conn_seq_show}) print IPv6 entries into the same file with {@code %pI6} (eight colon-separated groups),
 * and an IPv6 destination of an IPv4 service (mixed family) the same way. Some older trees had a separate
 * {@code ip_vs_conn_v6}; {@link #read(Path...)} takes any number of files and skips those that do not exist.
 */
public final class ConnectionTableReader {

    /** The kernel's files for the current network namespace. */
    public static final Path PROC_IP_VS_CONN = Path.of("/proc/net/ip_vs_conn");
    public static final Path PROC_IP_VS_CONN_V6 = Path.of("/proc/net/ip_vs_conn_v6");

    private static final Pattern SPACES = Pattern.compile("\\s+");

    /**
     * The longest line read: an entry is about 120 characters plus its persistence-engine data, which the kernel
     * bounds at 255 ({@code IP_VS_PEDATA_MAXLEN}); anything longer is not an entry and is not held in memory.
     */
    static final int MAX_LINE = 1024;

    private ConnectionTableReader() {
    }

    /** The entries of every file that exists, in file order; a file that does not exist contributes nothing. */
    public static List<IpvsConnection> read(Path... files) throws IOException {
        List<IpvsConnection> out = new ArrayList<>();
        forEach(out::add, files);
        return out;
    }

    /**
     * Streams the entries of every file that exists to {@code each}, line by line: nothing of the table is held
     * here, so a table of any size costs one line at a time (the active reads it every 500 ms).
     */
    public static void forEach(Consumer<IpvsConnection> each, Path... files) throws IOException {
        for (Path f : files) {
            BufferedReader in;
            try {
                in = Files.newBufferedReader(f, StandardCharsets.US_ASCII);
            } catch (NoSuchFileException e) {
                continue;
            }
            try (in) {
                BoundedLines lines = new BoundedLines(in, MAX_LINE);
                int n = 0;
                while (true) {
                    String line;
                    n++;
                    try {
                        line = lines.next();
                    } catch (BoundedLines.TooLong e) {
                        throw new IOException(f + ":" + n + ": not an IPVS connection entry: " + e.getMessage(), e);
                    } catch (CharacterCodingException e) {
                        throw new IOException(f + ":" + n + ": not an IPVS connection entry: not ASCII", e);
                    }
                    if (line == null) {
                        break;
                    }
                    if (line.isBlank() || line.startsWith("Pro ")) {
                        continue;
                    }
                    Optional<IpvsConnection> entry = parse(line);
                    if (entry.isEmpty()) {
                        throw new IOException(f + ":" + n + ": not an IPVS connection entry: " + line);
                    }
                    each.accept(entry.get());
                }
            }
        }
    }

    /** One table line, or empty when it is not one. */
    public static Optional<IpvsConnection> parse(String line) {
        String[] f = SPACES.split(line.strip(), 11);
        if (f.length < 9) {
            return Optional.empty();
        }
        try {
            InetAddress client = address(f[1], false);
            InetAddress virtual = address(f[3], true);
            InetAddress dest = address(f[5], true);
            if (client == null || virtual == null || dest == null) {
                return Optional.empty();
            }
            String peName = f.length > 9 ? f[9] : "";
            String peData = f.length > 10 ? f[10].strip() : "";
            return Optional.of(new IpvsConnection(Interned.word(f[0]), client, port(f[2]), virtual, port(f[4]), dest,
                    port(f[6]), Interned.word(f[7]), Long.parseLong(f[8]), peName.isEmpty() ? "" : peName,
                    peData.isEmpty() ? "" : peData));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** An address field; virtual and real server addresses are {@link Interned} (they repeat in every entry). */
    private static InetAddress address(String text, boolean shared) {
        InetAddress a;
        if (text.indexOf(':') >= 0) {
            a = IpLiterals.parse(text).orElse(null);
        } else if (text.length() != 8 || !hex(text)) {
            return null;
        } else {
            int v = (int) Long.parseLong(text, 16);
            byte[] b = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
            try {
                a = InetAddress.getByAddress(b);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return a != null && shared ? Interned.address(a) : a;
    }

    private static boolean hex(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0 || text.charAt(i) > 'f') {
                return false;
            }
        }
        return true;
    }

    private static int port(String text) {
        if (text.length() != 4 || !hex(text)) {
            throw new NumberFormatException(text);
        }
        return Integer.parseInt(text, 16);
    }
}
