package dev.ali4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.BundleManifest;
import dev.ali4j.runtime.server.TestBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ali serve} refuses a bad bundle with one clear line, before it listens. */
class ServeCommandTest {
    @TempDir
    Path tmp;
    private final StringWriter err = new StringWriter();

    private int serve(Path bundle, String... more) {
        CommandLine cli = Cli.commandLine(new ServeCommand());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        String[] args = new String[more.length + 4];
        args[0] = "--bundle";
        args[1] = bundle.toString();
        args[2] = "--port";
        args[3] = "0";
        System.arraycopy(more, 0, args, 4, more.length);
        return cli.execute(args);
    }

    private void assertFails(Path bundle, String expected) {
        assertEquals(Cli.EXIT_ERROR, serve(bundle));
        String message = err.toString().trim();
        assertTrue(message.startsWith("serve: " + expected), message);
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void tamperedOnnxFileIsRefused() throws IOException {
        Path bundle = TestBundle.install(tmp.resolve("b"));
        byte[] bytes = Files.readAllBytes(bundle.resolve("encoder.onnx"));
        bytes[100] ^= 1;
        Files.write(bundle.resolve("encoder.onnx"), bytes);
        assertFails(bundle, "encoder.onnx: checksum mismatch (manifest says ");
        assertTrue(err.toString().contains("the bundle was modified or is corrupt"), err.toString());
    }

    @Test
    void missingFileIsRefused() throws IOException {
        Path bundle = TestBundle.install(tmp.resolve("b"));
        Files.delete(bundle.resolve("generator.onnx"));
        assertFails(bundle, "generator.onnx: missing");
    }

    @Test
    void unknownManifestVersionIsRefused() throws IOException {
        Path bundle = TestBundle.install(tmp.resolve("b"));
        Path manifest = bundle.resolve(BundleManifest.FILE_NAME);
        Files.writeString(manifest, Files.readString(manifest).replace("\"formatVersion\" : 1", "\"formatVersion\" : 9"));
        assertFails(bundle, manifest + ": format version 9 is not supported by this ali4j (supports 1)");
    }

    @Test
    void badOptionsAreRefused() throws IOException {
        Path bundle = TestBundle.install(tmp.resolve("b"));
        assertEquals(Cli.EXIT_ERROR, serve(bundle, "--resize", "stretch"));
        assertTrue(err.toString().contains("--resize must be cover or reject, got 'stretch'"), err.toString());
    }
}
