package dev.ali4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.PixelCodec;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.image.ImageFiles;
import dev.ali4j.runtime.server.TestBundle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReconstructCommandTest {

    @TempDir
    Path tmp;
    private Path bundle;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void tinyBundle() throws IOException {
        bundle = TestBundle.install(tmp.resolve("bundle"));
    }

    private int run(String... args) {
        CommandLine cli = Cli.commandLine(new ReconstructCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path greyPng(String name, int w, int h) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.getRaster().setSample(x, y, 0, (x * 7 + y * 3) % 256);
            }
        }
        Path file = tmp.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private Path colourJpeg(String name, int w, int h) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (x * 5) << 16 | (y * 5) << 8 | 90);
            }
        }
        Path file = tmp.resolve(name);
        ImageIO.write(image, "jpeg", file.toFile());
        return file;
    }

    @Test
    void writesOneReconstructionPerImageAndReturnsZero() throws IOException {
        Path digit = greyPng("digit.png", 28, 28);
        Path photo = colourJpeg("photo.jpg", 48, 40); // colour and another size: converted, resized
        Path outDir = tmp.resolve("out/nested");

        int exit = run("--bundle", bundle.toString(), "--out", outDir.toString(), "--threads", "1",
                digit.toString(), photo.toString());

        assertEquals(0, exit, err.toString());
        assertEquals("", err.toString());
        Path digitOut = outDir.resolve("digit-reconstruction.png");
        Path photoOut = outDir.resolve("photo-reconstruction.png");
        assertEquals("wrote " + digitOut + System.lineSeparator() + "wrote " + photoOut + System.lineSeparator(),
                out.toString());
        for (Path png : List.of(digitOut, photoOut)) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(28, image.getWidth());
            assertEquals(28, image.getHeight());
            assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType());
        }

        // the PNG holds exactly what the model reconstructs
        try (OnnxLatentModel model = OnnxLatentModel.load(bundle)) {
            ImageSpec spec = model.manifest().image();
            ImageTensor expected = model.reconstruct(ImageFiles.read(List.of(digit), spec));
            int[] argb = PixelCodec.toArgb(expected, 0, spec);
            byte[] expectedGrey = new byte[argb.length];
            for (int i = 0; i < argb.length; i++) {
                expectedGrey[i] = (byte) argb[i];
            }
            byte[] actual = new byte[28 * 28];
            ImageIO.read(digitOut.toFile()).getRaster().getDataElements(0, 0, 28, 28, actual);
            assertArrayEquals(expectedGrey, actual);
        }
    }

    @Test
    void missingBundleGivesOneLineAndExitCodeTwo() throws IOException {
        Path image = greyPng("digit.png", 28, 28);
        Path missing = tmp.resolve("no-such-bundle");
        int exit = run("--bundle", missing.toString(), "--out", tmp.toString(), image.toString());
        assertEquals(2, exit);
        assertEquals("reconstruct: " + missing + ": no such bundle directory" + System.lineSeparator(),
                err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void tamperedBundleGivesTheChecksumMessage() throws IOException {
        Files.write(bundle.resolve("encoder.onnx"), new byte[] {1, 2, 3});
        int exit = run("--bundle", bundle.toString(), greyPng("digit.png", 28, 28).toString());
        assertEquals(2, exit);
        assertTrue(err.toString().startsWith("reconstruct: encoder.onnx: checksum mismatch"), err.toString());
    }

    @Test
    void badImageGivesOneLineNamingItAndExitCodeTwo() throws IOException {
        Path notImage = tmp.resolve("notes.png");
        Files.writeString(notImage, "hello");
        int exit = run("--bundle", bundle.toString(), "--out", tmp.resolve("out").toString(), notImage.toString());
        assertEquals(2, exit);
        String message = err.toString();
        assertTrue(message.startsWith("reconstruct: " + notImage + ": not an image"), message);
        assertEquals(1, message.lines().count(), message);
        assertFalse(message.contains("Exception"), message);
    }

    @Test
    void collidingOutputNamesAreRejected() throws IOException {
        Path a = greyPng("digit.png", 28, 28);
        Files.createDirectory(tmp.resolve("other"));
        Path b = Files.copy(a, tmp.resolve("other/digit.png"));
        int exit = run("--bundle", bundle.toString(), "--out", tmp.resolve("out").toString(), a.toString(),
                b.toString());
        assertEquals(2, exit);
        assertTrue(err.toString().contains("would both be written to"), err.toString());
    }

    @Test
    void usageErrorsReturnTwo() {
        assertEquals(2, run("image.png"));                          // no --bundle
        assertTrue(err.toString().contains("Missing required option: '--bundle=DIR'"), err.toString());
        assertEquals(2, run("--bundle", bundle.toString()));       // no image
        assertEquals(2, run("--bundle", bundle.toString(), "--threads", "-1", "x.png"));
    }

    @Test
    void helpDescribesTheCommand() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("--bundle=DIR"), out.toString());
        assertTrue(out.toString().contains("-reconstruction.png"), out.toString());
    }
}
