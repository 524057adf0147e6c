package dev.ali4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.BundleKeys;
import dev.ali4j.api.Latents;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.image.ImageFiles;
import dev.ali4j.runtime.server.TestBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ali spark-encode} end to end on local Spark ({@code local[2]}): real PNG files in, Parquet
 * out, read back with Parquet's own reader.
 */
class SparkCommandsTest {
    @TempDir
    static Path tmp;
    private static Path bundle;
    private static Path images;
    private StringWriter out;
    private StringWriter err;

    @BeforeAll
    static void files() throws IOException {
        bundle = TestBundle.install(tmp.resolve("bundle"));
        images = Files.createDirectories(tmp.resolve("images/nested"));
        for (int i = 0; i < 6; i++) {
            TestBundle.greyPng(images, "img-" + i + ".png", 28, 28, 17 * i);
        }
        Files.write(images.resolve("broken.png"), new byte[] {1, 2, 3});
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = Cli.commandLine(new SparkEncodeCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void encodesADirectoryIntoParquetAndNamesTheRefusedFile() throws IOException {
        Path parquet = tmp.resolve("codes.parquet");
        int exit = run("--bundle", bundle.toString(), "--input", tmp.resolve("images").toString(),
                "--output", parquet.toString(), "--master", "local[2]", "--batch", "4");
        assertEquals(0, exit, err.toString());
        assertTrue(out.toString().startsWith("7 files, 6 encoded, 1 refused"), out.toString());

        Map<String, Group> rows = readParquet(parquet);
        assertEquals(7, rows.size(), rows.keySet().toString());
        assertTrue(rows.get("broken.png").getString("error", 0).contains("broken.png: not an image"));
        assertEquals(0, rows.get("broken.png").getFieldRepetitionCount("mu"));
        try (OnnxLatentModel model = OnnxLatentModel.load(bundle)) {
            Path file = images.resolve("img-3.png");
            Latents expected = model.encode(ImageFiles.read(List.of(file), model.manifest().image()));
            Group mu = rows.get("img-3.png").getGroup("mu", 0);
            assertEquals(expected.d(), mu.getFieldRepetitionCount("list"));
            for (int j = 0; j < expected.d(); j++) {
                assertEquals(expected.mu()[j], mu.getGroup("list", j).getFloat("element", 0), 1e-5f);
            }
            assertEquals(0, rows.get("img-3.png").getFieldRepetitionCount("error"));
        }

        // The output exists now: refused before Spark starts, in one line.
        assertEquals(2, run("--bundle", bundle.toString(), "--input", images.toString(), "--output",
                parquet.toString()));
        assertTrue(err.toString().startsWith("spark-encode: " + parquet + " exists (pass --overwrite"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }

    @Test
    void filesOverTheSizeBudgetAreRefusedUnread() throws IOException {
        Path parquet = tmp.resolve("small.parquet");
        assertEquals(0, run("--bundle", bundle.toString(), "--input", images.toString(), "--output",
                parquet.toString(), "--master", "local[2]", "--max-file-bytes", "2"), err.toString());
        assertTrue(out.toString().startsWith("7 files, 0 encoded, 7 refused"), out.toString());
        assertTrue(readParquet(parquet).get("img-0.png").getString("error", 0)
                .endsWith("img-0.png: file is " + Files.size(images.resolve("img-0.png"))
                        + " bytes, over the limit of 2 bytes (maxFileBytes)"));

        assertEquals(2, run("--bundle", bundle.toString(), "--input", images.toString(), "--output",
                tmp.resolve("none.parquet").toString(), "--max-file-bytes", "0"));
        assertEquals("spark-encode: max file bytes must be 1 to 2147483638, got 0", err.toString().strip());
    }

    @Test
    void aBadBundleFailsInOneLineBeforeSparkStarts() {
        assertEquals(2, run("--bundle", tmp.resolve("no-bundle").toString(), "--input", images.toString(),
                "--output", tmp.resolve("never.parquet").toString()));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
        assertFalse(Files.exists(tmp.resolve("never.parquet")));
    }

    @Test
    void anUnsignedBundleUnderATrustedKeyFailsInOneLineBeforeSparkStarts() throws IOException {
        Path key = Files.writeString(tmp.resolve("public-key.pem"), BundleKeys.pem(BundleKeys.generate().getPublic()));
        assertEquals(2, run("--bundle", bundle.toString(), "--input", images.toString(), "--output",
                tmp.resolve("never.parquet").toString(), "--trusted-key", key.toString()));
        assertTrue(err.toString().startsWith("spark-encode: " + bundle.resolve("manifest.json") + ": not signed (no "
                + "manifest.json.sig)"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertFalse(Files.exists(tmp.resolve("never.parquet")));
    }

    private static Map<String, Group> readParquet(Path dir) throws IOException {
        Map<String, Group> byName = new HashMap<>();
        List<Path> parts;
        try (Stream<Path> files = Files.list(dir)) {
            parts = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
        }
        for (Path part : parts) {
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                    new org.apache.hadoop.fs.Path(part.toUri())).withConf(new Configuration()).build()) {
                for (Group row = reader.read(); row != null; row = reader.read()) {
                    String path = row.getString("path", 0);
                    byName.put(path.substring(path.lastIndexOf('/') + 1), row);
                }
            }
        }
        return byName;
    }
}
