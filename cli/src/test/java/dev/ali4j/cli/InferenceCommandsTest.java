package dev.ali4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.Inpainting;
import dev.ali4j.api.Latents;
import dev.ali4j.api.Mask;
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
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** encode, sample, interpolate and inpaint end to end: real bundle, real PNG files. */
class InferenceCommandsTest {
    private static final ImageSpec SPEC = new ImageSpec(1, 28, 28);

    @TempDir
    Path tmp;
    private Path bundle;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @BeforeEach
    void tinyBundle() throws IOException {
        bundle = TestBundle.install(tmp.resolve("bundle"));
    }

    private int run(Callable<Integer> command, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = Cli.commandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private void assertOneLineError(String prefix) {
        String message = err.toString();
        assertTrue(message.startsWith(prefix), message);
        assertEquals(1, message.lines().count(), message);
        assertFalse(message.contains("Exception"), message);
    }

    private Path greyPng(String name, int w, int h, int salt) throws IOException {
        return TestBundle.greyPng(tmp, name, w, h, salt);
    }

    private static byte[] grey(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        byte[] pixels = new byte[image.getWidth() * image.getHeight()];
        image.getRaster().getDataElements(0, 0, image.getWidth(), image.getHeight(), pixels);
        return pixels;
    }

    @Test
    void encodeWritesOneJsonLinePerImage() throws IOException {
        Path a = greyPng("a.png", 28, 28, 0);
        Path b = greyPng("b.png", 28, 28, 50);
        assertEquals(0, run(new EncodeCommand(), "--bundle", bundle.toString(), a.toString(), b.toString()),
                err.toString());
        List<String> lines = out.toString().lines().collect(java.util.stream.Collectors.toList());
        assertEquals(2, lines.size(), out.toString());
        try (OnnxLatentModel model = OnnxLatentModel.load(bundle)) {
            Latents codes = model.encode(ImageFiles.read(List.of(a, b), SPEC));
            for (int i = 0; i < 2; i++) {
                JsonNode line = new ObjectMapper().readTree(lines.get(i));
                assertEquals(List.of(a, b).get(i).toString(), line.get("file").asText());
                assertEquals(8, line.get("mu").size());
                assertEquals(8, line.get("log_sigma").size());
                for (int k = 0; k < 8; k++) {
                    assertEquals(codes.mu()[i * 8 + k], line.get("mu").get(k).floatValue());
                    assertEquals(codes.logSigma()[i * 8 + k], line.get("log_sigma").get(k).floatValue());
                }
            }
        }
        Path file = tmp.resolve("codes/codes.jsonl");
        assertEquals(0, run(new EncodeCommand(), "--bundle", bundle.toString(), "--out", file.toString(),
                a.toString(), b.toString()));
        assertEquals("", out.toString());
        assertEquals(lines, Files.readAllLines(file));
    }

    @Test
    void encodeRejectsAMissingImage() {
        Path missing = tmp.resolve("missing.png");
        assertEquals(2, run(new EncodeCommand(), "--bundle", bundle.toString(), missing.toString()));
        assertOneLineError("encode: " + missing);
        assertEquals("", out.toString());
    }

    @Test
    void sampleWritesTheSameGridForTheSameSeed() throws IOException {
        Path first = tmp.resolve("s/one.png");
        Path second = tmp.resolve("s/two.png");
        Path other = tmp.resolve("s/other.png");
        assertEquals(0, run(new SampleCommand(), "--bundle", bundle.toString(), "--n", "6", "--seed", "3",
                "--out", first.toString()), err.toString());
        assertEquals("wrote " + first + System.lineSeparator(), out.toString());
        assertEquals(0, run(new SampleCommand(), "--bundle", bundle.toString(), "--n", "6", "--seed", "3",
                "--out", second.toString()));
        assertEquals(0, run(new SampleCommand(), "--bundle", bundle.toString(), "--n", "6", "--seed", "4",
                "--out", other.toString()));
        BufferedImage grid = ImageIO.read(first.toFile());
        assertEquals(3 * 30 + 2, grid.getWidth()); // 3 columns (ceil sqrt 6) of 28 + 2 borders
        assertEquals(2 * 30 + 2, grid.getHeight());
        assertArrayEquals(grey(first), grey(second));
        assertFalse(java.util.Arrays.equals(grey(first), grey(other)));
    }

    @Test
    void sampleRejectsABadCount() {
        assertEquals(2, run(new SampleCommand(), "--bundle", bundle.toString(), "--n", "0", "--out",
                tmp.resolve("x.png").toString()));
        assertOneLineError("sample: --n must be between 1 and 4096, got 0");
        assertFalse(Files.exists(tmp.resolve("x.png")));
    }

    @Test
    void interpolateBetweenImagesAndBetweenSeeds() throws IOException {
        Path a = greyPng("a.png", 28, 28, 0);
        Path b = greyPng("b.png", 40, 30, 90); // resized like any input
        Path images = tmp.resolve("morph.png");
        assertEquals(0, run(new InterpolateCommand(), "--bundle", bundle.toString(), "--steps", "5", "--out",
                images.toString(), a.toString(), b.toString()), err.toString());
        BufferedImage row = ImageIO.read(images.toFile());
        assertEquals(5 * 30 + 2, row.getWidth());
        assertEquals(30 + 2, row.getHeight());

        Path seeds = tmp.resolve("walk.png");
        assertEquals(0, run(new InterpolateCommand(), "--bundle", bundle.toString(), "--seed-a", "1", "--seed-b",
                "2", "--spherical", "--out", seeds.toString()), err.toString());
        assertEquals(8 * 30 + 2, ImageIO.read(seeds.toFile()).getWidth()); // 8 steps by default
    }

    @Test
    void interpolateRejectsMixedOrMissingEndpoints() throws IOException {
        Path a = greyPng("a.png", 28, 28, 0);
        Path png = tmp.resolve("x.png");
        assertEquals(2, run(new InterpolateCommand(), "--bundle", bundle.toString(), "--out", png.toString(),
                a.toString()));
        assertOneLineError("interpolate: give two IMAGEs, or --seed-a and --seed-b, got 1 image(s)");
        assertEquals(2, run(new InterpolateCommand(), "--bundle", bundle.toString(), "--seed-a", "1", "--out",
                png.toString(), a.toString()));
        assertOneLineError("interpolate: give either two IMAGEs or --seed-a and --seed-b, not both");
        assertEquals(2, run(new InterpolateCommand(), "--bundle", bundle.toString(), "--seed-a", "1",
                "--seed-b", "2", "--steps", "1", "--out", png.toString()));
        assertOneLineError("interpolate: --steps must be between 2 and 1024, got 1");
        assertFalse(Files.exists(png));
    }

    @Test
    void inpaintWithABoxKeepsTheKnownPixels() throws IOException {
        Path a = greyPng("a.png", 28, 28, 0);
        Path outDir = tmp.resolve("filled");
        assertEquals(0, run(new InpaintCommand(), "--bundle", bundle.toString(), "--box", "4,6,10,8",
                "--rounds", "2", "--out", outDir.toString(), a.toString()), err.toString());
        Path result = outDir.resolve("a-inpainted.png");
        assertEquals("wrote " + result + System.lineSeparator(), out.toString());
        byte[] before = grey(a);
        byte[] after = grey(result);
        Mask box = Mask.box(28, 28, 4, 6, 10, 8);
        int changed = 0;
        for (int i = 0; i < before.length; i++) {
            if (box.isUnknown(i / 28, i % 28)) {
                changed += before[i] != after[i] ? 1 : 0;
            } else {
                assertEquals(before[i], after[i], "known pixel " + i);
            }
        }
        assertTrue(changed > 0);
        // the PNG holds what the library computes
        try (OnnxLatentModel model = OnnxLatentModel.load(bundle)) {
            ImageTensor expected = Inpainting.inpaint(model, ImageFiles.read(List.of(a), SPEC), box, 2);
            Path again = tmp.resolve("expected.png");
            ImageFiles.writePng(expected, 0, SPEC, again);
            assertArrayEquals(grey(again), after);
        }
    }

    @Test
    void inpaintWithAMaskPictureMatchesTheSameBox() throws IOException {
        Path a = greyPng("a.png", 28, 28, 10);
        BufferedImage mask = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int y = 10; y < 20; y++) {
            for (int x = 3; x < 9; x++) {
                mask.setRGB(x, y, 0xffffff);
            }
        }
        Path maskFile = tmp.resolve("hole.png");
        ImageIO.write(mask, "png", maskFile.toFile());
        assertEquals(0, run(new InpaintCommand(), "--bundle", bundle.toString(), "--mask", maskFile.toString(),
                "--out", tmp.resolve("m").toString(), a.toString()), err.toString());
        assertEquals(0, run(new InpaintCommand(), "--bundle", bundle.toString(), "--box", "3,10,6,10",
                "--out", tmp.resolve("b").toString(), a.toString()), err.toString());
        assertArrayEquals(grey(tmp.resolve("b/a-inpainted.png")), grey(tmp.resolve("m/a-inpainted.png")));
    }

    @Test
    void inpaintRejectsBadMasksAndBoxes() throws IOException {
        Path a = greyPng("a.png", 28, 28, 0);
        Path small = greyPng("small.png", 20, 28, 0);
        assertEquals(2, run(new InpaintCommand(), "--bundle", bundle.toString(), "--mask", small.toString(),
                "--out", tmp.toString(), a.toString()));
        assertOneLineError("inpaint: " + small + ": mask is 20x28 (width x height) but the model's images are 28x28");
        assertEquals(2, run(new InpaintCommand(), "--bundle", bundle.toString(), "--box", "1,2,3",
                a.toString()));
        assertOneLineError("inpaint: --box must be four integers x,y,w,h, got '1,2,3'");
        assertEquals(2, run(new InpaintCommand(), "--bundle", bundle.toString(), "--box", "20,0,10,5",
                a.toString()));
        assertOneLineError("inpaint: --box 20,0,10,5 does not lie inside");
        assertEquals(2, run(new InpaintCommand(), "--bundle", bundle.toString(), a.toString())); // no hole
        assertTrue(err.toString().contains("--mask") && err.toString().contains("--box"), err.toString());
        assertEquals(2, run(new InpaintCommand(), "--bundle", bundle.toString(), "--box", "0,0,4,4",
                "--mask", small.toString(), a.toString()));
        assertFalse(Files.exists(tmp.resolve("a-inpainted.png")));
    }

    @Test
    void runtimeCommandsListsEveryCommand() {
        CommandLine top = new CommandLine(new Top());
        RuntimeCommands.all().forEach(top::addSubcommand);
        assertEquals(List.of("encode", "reconstruct", "inpaint", "score", "sample", "interpolate", "serve"),
                List.copyOf(top.getSubcommands().keySet()));
    }

    @CommandLine.Command(name = "ali")
    static final class Top {
    }
}
