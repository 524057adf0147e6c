package dev.ali4j.runtime.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
    void anUnknownKindOfAddressIsNeverTakenForAHangUp() {
        TcpPeerWatch watch = new TcpPeerWatch(null, null);
        assertFalse(watch.getAsBoolean());
    }
}
