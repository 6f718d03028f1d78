package org.ldirector.failover.conn;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    private ConnectionTableReader() {
    }

    /** The entries of every file that exists, in file order; a file that does not exist contributes nothing. */
    public static List<IpvsConnection> read(Path... files) throws IOException {
        List<IpvsConnection> out = new ArrayList<>();
        for (Path f : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(f, StandardCharsets.US_ASCII);
            } catch (NoSuchFileException e) {
                continue;
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank() || line.startsWith("Pro ")) {
                    continue;
                }
                Optional<IpvsConnection> entry = parse(line);
                if (entry.isEmpty()) {
                    throw new IOException(f + ":" + (i + 1) + ": not an IPVS connection entry: " + line);
                }
                out.add(entry.get());
            }
        }
        return out;
    }

    /** One table line, or empty when it is not one. */
    public static Optional<IpvsConnection> parse(String line) {
        String[] f = line.strip().split("\\s+", 11);
        if (f.length < 9) {
            return Optional.empty();
        }
        try {
            InetAddress client = address(f[1]);
            InetAddress virtual = address(f[3]);
            InetAddress dest = address(f[5]);
            if (client == null || virtual == null || dest == null) {
                return Optional.empty();
            }
            String peName = f.length > 9 ? f[9] : "";
            String peData = f.length > 10 ? f[10].strip() : "";
            return Optional.of(new IpvsConnection(f[0], client, port(f[2]), virtual, port(f[4]), dest, port(f[6]),
                    f[7], Long.parseLong(f[8]), peName, peData));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static InetAddress address(String text) {
        if (text.contains(":")) {
            return IpLiterals.parse(text).orElse(null);
        }
        if (!text.matches("[0-9A-Fa-f]{8}")) {
            return null;
        }
        long v = Long.parseLong(text, 16);
        byte[] b = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int port(String text) {
        if (!text.matches("[0-9A-Fa-f]{4}")) {
            throw new NumberFormatException(text);
        }
        return Integer.parseInt(text, 16);
    }
}
