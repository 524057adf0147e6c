package dev.ali4j.runtime.server;

import dev.ali4j.runtime.OnnxLatentModel;
import java.nio.file.Path;

/**
 * Serves a bundle from a JVM of its own, as {@code ali serve} does, for tests that need a
 * process with a fixed heap: prints {@code port N}, serves until its standard input closes.
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (OnnxLatentModel model = OnnxLatentModel.load(Path.of(args[0]));
                AliServer server = AliServer.start(model, ServerConfig.defaults().withAddress("127.0.0.1", 0))) {
            System.out.println("port " + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the test closes our input
            }
        }
    }
}
