package dev.ali4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.BundleFormatException;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.runtime.RuntimeOptions.ExecutionProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading from a zip stream, and the execution provider with its fallback to the CPU. */
class LoadingTest {
    @TempDir
    Path tmp;

    private static byte[] zip(Path dir, String folder, String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            if (!folder.isEmpty()) {
                zip.putNextEntry(new ZipEntry(folder));
                zip.closeEntry();
            }
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(folder + name));
                zip.write(Files.readAllBytes(dir.resolve(name)));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static ImageTensor someImage() {
        float[] data = new float[TinyBundle.PIXELS];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i % 17) / 8f - 1;
        }
        return new ImageTensor(data, 1, TinyBundle.C, TinyBundle.H, TinyBundle.W);
    }

    @Test
    void zipStreamLoadsTheSameModelAsTheDirectory() throws IOException {
        Path dir = TinyBundle.install(tmp.resolve("b"));
        for (String folder : new String[] {"", "bundle/"}) {
            byte[] archive = zip(dir, folder, BundleManifest.FILE_NAME, "encoder.onnx", "generator.onnx");
            try (OnnxLatentModel fromDir = OnnxLatentModel.load(dir);
                    InputStream in = new ByteArrayInputStream(archive);
                    OnnxLatentModel fromZip = OnnxLatentModel.load(in)) {
                assertEquals(fromDir.manifest().files(), fromZip.manifest().files());
                assertArrayEquals(fromDir.reconstruct(someImage()).data(), fromZip.reconstruct(someImage()).data());
            }
        }
    }

    @Test
    void zipStreamWithATamperedOrMissingFileFailsClearly() throws IOException {
        Path dir = TinyBundle.install(tmp.resolve("b"));
        byte[] missing = zip(dir, "", BundleManifest.FILE_NAME, "encoder.onnx");
        BundleFormatException e = assertThrows(BundleFormatException.class,
                () -> OnnxLatentModel.load(new ByteArrayInputStream(missing), RuntimeOptions.defaults()));
        assertEquals("generator.onnx: missing", e.getMessage());

        byte[] model = Files.readAllBytes(dir.resolve("encoder.onnx"));
        model[model.length / 2] ^= 1;
        Files.write(dir.resolve("encoder.onnx"), model);
        byte[] tampered = zip(dir, "", BundleManifest.FILE_NAME, "encoder.onnx", "generator.onnx");
        e = assertThrows(BundleFormatException.class,
                () -> OnnxLatentModel.load(new ByteArrayInputStream(tampered), RuntimeOptions.defaults()));
        assertTrue(e.getMessage().startsWith("encoder.onnx: checksum mismatch"), e.getMessage());

        e = assertThrows(BundleFormatException.class, () -> OnnxLatentModel.load(
                new ByteArrayInputStream("not a zip".getBytes()), RuntimeOptions.defaults()));
        assertTrue(e.getMessage().contains("not a zip archive"), e.getMessage());
    }

    @Test
    void cpuIsTheDefaultProvider() throws IOException {
        assertEquals(ExecutionProvider.CPU, RuntimeOptions.defaults().executionProvider());
        try (OnnxLatentModel model = OnnxLatentModel.load(TinyBundle.install(tmp.resolve("b")))) {
            assertEquals(ExecutionProvider.CPU, model.executionProvider());
        }
    }

    /**
     * With the CPU-only onnxruntime (the default build) or without a GPU, CUDA falls back to the
     * CPU with one warning; with {@code -Pgpu} on a CUDA machine the model runs on the GPU and
     * gives the CPU's results.
     */
    @Test
    void cudaRunsWhereItCanAndFallsBackToTheCpuWithOneLogLineElsewhere() throws IOException {
        Path dir = TinyBundle.install(tmp.resolve("b"));
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(RuntimeOptions.LOGGER);
        logger.addHandler(capture);
        RuntimeOptions cuda = RuntimeOptions.builder().executionProvider(ExecutionProvider.CUDA).intraOpThreads(1)
                .build();
        try (OnnxLatentModel model = OnnxLatentModel.load(dir, cuda);
                OnnxLatentModel cpu = OnnxLatentModel.load(dir)) {
            ImageTensor onModel = model.reconstruct(someImage());
            if (model.executionProvider() == ExecutionProvider.CUDA) {
                assertTrue(records.isEmpty(), records.toString());
                assertArrayEquals(cpu.reconstruct(someImage()).data(), onModel.data(), 1e-3f);
                return;
            }
            assertEquals(ExecutionProvider.CPU, model.executionProvider());
            assertEquals(1, onModel.n());
        } finally {
            logger.removeHandler(capture);
        }
        assertEquals(1, records.size(), records.toString());
        assertEquals(Level.WARNING, records.get(0).getLevel());
        String message = records.get(0).getMessage();
        assertTrue(message.startsWith("CUDA execution provider unavailable ("), message);
        assertTrue(message.endsWith("); running on the CPU instead"), message);
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void providerNamesParse() {
        assertEquals(ExecutionProvider.CUDA, ExecutionProvider.parse("CUDA"));
        assertEquals(ExecutionProvider.CPU, ExecutionProvider.parse(" cpu"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExecutionProvider.parse("tpu"));
        assertEquals("execution provider must be cpu or cuda, got 'tpu'", e.getMessage());
    }
}
