package dev.ali4j.runtime.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.BundleFormatException;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.Checksums;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.RuntimeOptions;
import dev.ali4j.runtime.server.TestBundle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shipping a bundle: zipped and keyed on the driver, verified and cached on arrival. */
class ZippedBundleTest {

    @Test
    void survivesSerializationAndLoadsTheSameModel(@TempDir Path dir) throws Exception {
        Path bundle = TestBundle.install(dir.resolve("bundle"));
        ZippedBundle zipped = ZippedBundle.of(bundle);
        assertEquals(Checksums.sha256(bundle.resolve(BundleManifest.FILE_NAME)), zipped.key());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(zipped);
        }
        ZippedBundle arrived;
        try (ObjectInputStream in = new ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            arrived = (ZippedBundle) in.readObject();
        }
        assertEquals(zipped.key(), arrived.key());
        try (OnnxLatentModel model = arrived.load(RuntimeOptions.defaults())) {
            assertEquals(TestBundle.D, model.manifest().latent().size());
        }
    }

    @Test
    void aModifiedBundleIsRefusedOnTheDriver(@TempDir Path dir) throws IOException {
        Path bundle = TestBundle.install(dir.resolve("bundle"));
        byte[] encoder = Files.readAllBytes(bundle.resolve("encoder.onnx"));
        encoder[encoder.length / 2] ^= 1;
        Files.write(bundle.resolve("encoder.onnx"), encoder);
        BundleFormatException e = assertThrows(BundleFormatException.class,
                () -> LatentEncoder.builder(bundle).build());
        assertTrue(e.getMessage().contains("encoder.onnx: checksum mismatch"), e.getMessage());
    }

    @Test
    void aBundleDamagedOnTheWayIsRefusedOnArrivalAndLoadsAreCountedOncePerBundle(@TempDir Path dir)
            throws IOException {
        Path bundle = DistinctBundle.install(dir.resolve("bundle"), "ZippedBundleTest");
        // A zip whose encoder is not the one its manifest lists, under a key never loaded before.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : new String[] {BundleManifest.FILE_NAME, "encoder.onnx", "generator.onnx",
                    "discriminator.onnx"}) {
                byte[] content = Files.readAllBytes(bundle.resolve(name));
                if (name.equals("encoder.onnx")) {
                    content[content.length / 3] ^= 1;
                }
                zip.putNextEntry(new ZipEntry(name));
                zip.write(content);
                zip.closeEntry();
            }
        }
        ZippedBundle damaged = new ZippedBundle(bytes.toByteArray(), "damaged-" + System.nanoTime());
        int loads = ExecutorModels.loads();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> ExecutorModels.get(damaged, 1));
        assertTrue(e.getMessage().contains("encoder.onnx: checksum mismatch"), e.getMessage());
        assertEquals(loads, ExecutorModels.loads(), "a refused bundle is not a load");

        ZippedBundle good = ZippedBundle.of(bundle);
        OnnxLatentModel first = ExecutorModels.get(good, 1);
        assertSame(first, ExecutorModels.get(ZippedBundle.of(bundle), 1), "same manifest, same model");
        assertNotEquals(first, ExecutorModels.get(good, 2), "another thread setting is another model");
        assertTrue(ExecutorModels.loads() - loads <= 2 && ExecutorModels.loadSeconds() > 0);
    }
}
