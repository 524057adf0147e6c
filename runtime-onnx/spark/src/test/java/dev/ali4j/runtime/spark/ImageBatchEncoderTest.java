package dev.ali4j.runtime.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.Latents;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.image.ImageFiles;
import dev.ali4j.runtime.image.ImageOptions;
import dev.ali4j.runtime.server.TestBundle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-batch work of a Spark task, without Spark: good images encoded, bad ones reported. */
class ImageBatchEncoderTest {

    @Test
    void encodesTheGoodImagesOfABatchAndReportsTheBadOnes(@TempDir Path dir) throws Exception {
        byte[] a = TestBundle.encode(TestBundle.grey(28, 28, 3), "png");
        byte[] b = TestBundle.encode(TestBundle.grey(28, 28, 90), "png");
        try (OnnxLatentModel model = OnnxLatentModel.load(TestBundle.install(dir.resolve("bundle")))) {
            ImageBatchEncoder encoder = new ImageBatchEncoder(model, ImageOptions.defaults());
            List<EncodedImage> out = encoder.encode(List.of("a.png", "notes.txt", "b.png", "empty"),
                    Arrays.asList(a, "hello".getBytes(StandardCharsets.UTF_8), b, null));
            assertEquals(4, out.size());

            ImageTensor x = ImageTensor.concat(List.of(ImageFiles.decode(a, "a", TestBundle.SPEC,
                    ImageOptions.defaults()), ImageFiles.decode(b, "b", TestBundle.SPEC, ImageOptions.defaults())));
            Latents codes = model.encode(x);
            int d = TestBundle.D;
            assertArrayEquals(Arrays.copyOfRange(codes.mu(), 0, d), out.get(0).mu(), 1e-6f);
            assertArrayEquals(Arrays.copyOfRange(codes.mu(), d, 2 * d), out.get(2).mu(), 1e-6f);
            assertArrayEquals(Arrays.copyOfRange(codes.logSigma(), d, 2 * d), out.get(2).logSigma(), 1e-6f);
            assertTrue(out.get(0).ok() && out.get(0).reconstructionMse() > 0, out.get(0).toString());

            assertFalse(out.get(1).ok());
            assertNull(out.get(1).mu());
            assertTrue(out.get(1).error().startsWith("notes.txt: not an image"), out.get(1).error());
            assertTrue(out.get(3).error().contains("empty: no image bytes"), out.get(3).error());
            assertTrue(Double.isNaN(out.get(3).reconstructionMse()));
        }
    }

    @Test
    void aBatchWithoutAGoodImageNeverCallsTheModel(@TempDir Path dir) throws Exception {
        OnnxLatentModel model = OnnxLatentModel.load(TestBundle.install(dir.resolve("bundle")));
        model.close(); // a call would throw IllegalStateException
        ImageBatchEncoder encoder = new ImageBatchEncoder(model, ImageOptions.defaults());
        List<EncodedImage> out = encoder.encode(List.of("x"), Arrays.asList(new byte[] {1, 2, 3}));
        assertFalse(out.get(0).ok());
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(List.of("x", "y"), List.of(new byte[1])));
    }
}
