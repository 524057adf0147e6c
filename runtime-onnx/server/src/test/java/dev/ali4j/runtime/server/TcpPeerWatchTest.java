package dev.ali4j.runtime.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real loopback connections, read from the real /proc/net tables. */
class TcpPeerWatchTest {

    @Test
    void seesTheClientHangUpAndNothingBefore() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket listening = new ServerSocket(0, 1, loopback);
                Socket client = new Socket(loopback, listening.getLocalPort());
                Socket accepted = listening.accept()) {
            TcpPeerWatch watch = new TcpPeerWatch(accepted.getLocalSocketAddress(), accepted.getRemoteSocketAddress());
            TcpPeerWatch other = new TcpPeerWatch(accepted.getLocalSocketAddress(),
                    new InetSocketAddress(loopback, client.getLocalPort() == 1 ? 2 : 1));
            client.getOutputStream().write(1); // data waiting to be read is not a hang-up
            Thread.sleep(300);
            assertFalse(watch.getAsBoolean(), "open");
            client.close();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!watch.getAsBoolean() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(watch.getAsBoolean(), "the client closed its side");
            assertFalse(other.getAsBoolean(), "another connection is not this one");
        }
    }

    @Test
    void addressesAreWrittenAsTheKernelsTablesWriteThem() throws Exception {
        InetSocketAddress server = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080);
        InetSocketAddress client = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 50000);
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        String v4 = little ? "0100007F" : "7F000001";
        String mapped = "0000000000000000" + (little ? "FFFF0000" : "0000FFFF") + v4;
        assertEquals(List.of(v4 + ":1F90 " + v4 + ":C350", mapped + ":1F90 " + mapped + ":C350"),
                TcpPeerWatch.keys(server, client));
        InetSocketAddress six = new InetSocketAddress(InetAddress.getByName("::1"), 443);
        String one = "000000000000000000000000" + (little ? "01000000" : "00000001");
        assertEquals(List.of(one + ":01BB " + one + ":01BB"), TcpPeerWatch.keys(six, six));
    }

    @Test
    void anUnknownKindOfAddressIsNeverTakenForAHangUp() {
        TcpPeerWatch watch = new TcpPeerWatch(null, null);
        assertFalse(watch.getAsBoolean());
    }
}
