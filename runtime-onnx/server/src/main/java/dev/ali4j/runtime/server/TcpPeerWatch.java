package dev.ali4j.runtime.server;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Whether the client of a connection has closed its side, read from Linux's socket tables
 * ({@code /proc/net/tcp} and {@code tcp6}): the server's end of the connection is then in
 * {@code CLOSE_WAIT}.
 *
 * <p>Why not Jetty: over HTTP/1.1, Jetty does not read from a connection while its request is
 * handled, so a client that hangs up after sending its body goes unnoticed until the answer is
 * written. A decode running meanwhile would go on for nobody. Elsewhere than Linux, or when the
 * connection is not found, the answer is "still open": a client is never given up on a guess.
 */
final class TcpPeerWatch implements BooleanSupplier {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final String CLOSE_WAIT = "08";
    /** Between two reads of the tables: a decode is polled every 50 ms, the tables need not be. */
    private static final long INTERVAL_NANOS = 100_000_000L;

    /** The connections in CLOSE_WAIT at the last read, shared by every watch: one read per interval. */
    private static Set<String> closeWait = Set.of();
    private static long lastRead = System.nanoTime() - INTERVAL_NANOS;

    private final List<String> keys;
    private volatile boolean closed;

    /**
     * @param local the server's address of the connection
     * @param remote the client's address
     */
    TcpPeerWatch(SocketAddress local, SocketAddress remote) {
        this.keys = local instanceof InetSocketAddress l && remote instanceof InetSocketAddress r
                ? keys(l, r) : List.of();
    }

    /** @return true once the client has closed its side, as of a read of the tables at most 100 ms old */
    @Override
    public boolean getAsBoolean() {
        if (!closed && !keys.isEmpty()) {
            Set<String> now = closeWaitNow();
            for (String key : keys) {
                closed |= now.contains(key);
            }
        }
        return closed;
    }

    /** The "local remote" pairs in CLOSE_WAIT, read again when the last read is older than the interval. */
    private static synchronized Set<String> closeWaitNow() {
        long now = System.nanoTime();
        if (now - lastRead >= INTERVAL_NANOS) {
            lastRead = now;
            Set<String> pairs = new HashSet<>();
            for (Path table : TABLES) {
                try (Stream<String> lines = Files.lines(table, StandardCharsets.US_ASCII)) {
                    lines.forEach(row -> addIfCloseWait(row, pairs));
                } catch (IOException | RuntimeException unreadable) {
                    // Not Linux, or no IPv6: nothing to learn from this table.
                }
            }
            closeWait = pairs;
        }
        return closeWait;
    }

    /** A row: "sl local_address rem_address st ...", addresses as hex "ADDRESS:PORT". */
    private static void addIfCloseWait(String row, Set<String> pairs) {
        if (!row.contains(" " + CLOSE_WAIT + " ")) {
            return; // most rows: no split needed
        }
        String[] fields = row.trim().split("\\s+", 5);
        if (fields.length >= 4 && fields[3].equals(CLOSE_WAIT)) {
            pairs.add(fields[1] + " " + fields[2]);
        }
    }

    /** The pair "local remote" as each table would write it (an IPv4 client may sit in tcp6, mapped). */
    static List<String> keys(InetSocketAddress local, InetSocketAddress remote) {
        List<String> keys = new ArrayList<>();
        for (boolean mapped : new boolean[] {false, true}) {
            String l = hex(local.getAddress(), mapped);
            String r = hex(remote.getAddress(), mapped);
            if (l != null && r != null) {
                keys.add(l + ":" + port(local) + " " + r + ":" + port(remote));
            }
        }
        return keys;
    }

    private static String port(InetSocketAddress address) {
        return String.format(Locale.ROOT, "%04X", address.getPort());
    }

    /**
     * The kernel prints an address as 32-bit words in the host's byte order.
     *
     * @param mapped an IPv4 address as tcp6 holds it (::ffff:a.b.c.d)
     * @return null if there is no such form
     */
    private static String hex(InetAddress address, boolean mapped) {
        if (address == null) {
            return null;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address && mapped) {
            byte[] six = new byte[16];
            six[10] = (byte) 0xff;
            six[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, six, 12, 4);
            bytes = six;
        } else if (!(address instanceof Inet4Address) && !mapped) {
            return null; // an IPv6 address has one form only, taken once
        }
        StringBuilder out = new StringBuilder();
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (int word = 0; word < bytes.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                out.append(String.format(Locale.ROOT, "%02X", bytes[word + (little ? 3 - i : i)] & 0xff));
            }
        }
        return out.toString();
    }
}
