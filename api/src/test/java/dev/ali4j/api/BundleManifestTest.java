package dev.ali4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleManifestTest {

    static BundleManifest sample() {
        return BundleManifest.builder()
                .image(new ImageSpec(1, 28, 28))
                .latent(new LatentSpec(64))
                .encoder(ModelFile.encoder("encoder.onnx"))
                .generator(ModelFile.generator("generator.onnx"))
                .training(TrainingInfo.builder().objective("ali").architecture("gray28")
                        .dataset("MNIST train, 60000 images").steps(46_900).epochs(50).batchSize(64).seed(42)
                        .version("ali4j", "0.1.0").version("djl", "0.35.1").version("pytorch", "2.7.1").build())
                .build();
    }

    private static String json(BundleManifest m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static BundleManifest parse(String json) throws IOException {
        return BundleManifest.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String message(String json) {
        return assertThrows(BundleFormatException.class, () -> parse(json)).getMessage();
    }

    @Test
    void writeThenReadGivesAnEqualManifest() throws IOException {
        BundleManifest m = sample().withFiles(Map.of("encoder.onnx", "a".repeat(64), "generator.onnx", "b".repeat(64)));
        BundleManifest back = parse(json(m));
        assertEquals(m, back);
        assertEquals(BundleManifest.FORMAT, back.format());
        assertEquals(1, back.formatVersion());
        assertEquals("NCHW", back.image().layout());
        assertEquals(-1f, back.image().pixelMin());
        assertEquals(1f, back.image().pixelMax());
        assertEquals("normal", back.latent().prior());
        assertEquals("log_sigma", back.encoder().outputs().get(1));
        assertEquals(46_900L, back.training().steps());
        assertEquals("2.7.1", back.training().versions().get("pytorch"));
    }

    @Test
    void aSamplerIsWrittenReadAndMustBeAFileOfItsOwn() throws IOException {
        BundleManifest m = sample().toBuilder().sampler(ModelFile.generator("sampler.onnx")).build();
        assertTrue(json(m).contains("\"sampler\" : {"), json(m));
        BundleManifest back = parse(json(m));
        assertEquals(m, back);
        assertEquals("sampler.onnx", back.sampler().file());
        assertEquals(null, sample().sampler());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sample().toBuilder().sampler(ModelFile.generator("generator.onnx")).build());
        assertEquals("the sampler must be a file of its own, not \"generator.onnx\"", e.getMessage());
    }

    @Test
    void writtenJsonIsPrettyPrintedWithTheContractFieldNames() throws IOException {
        String text = json(sample());
        assertTrue(text.contains("\n"), text);
        for (String field : new String[] {"\"format\" : \"ali4j-bundle\"", "\"formatVersion\" : 1", "\"image\"",
                "\"channels\"", "\"layout\" : \"NCHW\"", "\"pixelMin\"", "\"pixelMax\"", "\"latent\"", "\"size\"",
                "\"prior\" : \"normal\"", "\"encoder\"", "\"generator\"", "\"file\"", "\"inputs\"", "\"outputs\"",
                "\"training\"", "\"objective\"", "\"architecture\"", "\"dataset\"", "\"steps\"", "\"epochs\"",
                "\"batchSize\"", "\"seed\"", "\"versions\"", "\"files\""}) {
            assertTrue(text.contains(field), field + " missing in\n" + text);
        }
    }

    @Test
    void readsFromAFileAndToleratesUnknownFields() throws IOException {
        String text = json(sample()).replaceFirst("\\{", "{ \"addedInAFutureVersion\" : {\"x\": [1, 2]},")
                .replace("\"prior\"", "\"temperature\" : 0.5, \"prior\"");
        Path dir = Files.createTempDirectory("manifest");
        Path file = dir.resolve(BundleManifest.FILE_NAME);
        Files.writeString(file, text);
        assertEquals(sample(), BundleManifest.read(file));
    }

    @Test
    void unknownFormatVersionIsRejectedWithTheSupportedVersion() throws IOException {
        String text = json(sample()).replace("\"formatVersion\" : 1", "\"formatVersion\" : 7");
        assertEquals("manifest.json: format version 7 is not supported by this ali4j (supports 1)", message(text));
    }

    @Test
    void unknownFormatVersionIsReportedBeforeOtherProblems() {
        // a future version may have changed anything else: the version is what the user must hear about
        assertEquals("manifest.json: format version 2 is not supported by this ali4j (supports 1)",
                message("{\"format\": \"ali4j-bundle\", \"formatVersion\": 2, \"images\": []}"));
    }

    @Test
    void wrongFormatIsRejected() throws IOException {
        String text = json(sample()).replace("\"ali4j-bundle\"", "\"onnx-zoo\"");
        String msg = message(text);
        assertTrue(msg.startsWith("manifest.json: \"format\" is \"onnx-zoo\""), msg);
        assertTrue(msg.contains("not an ali4j bundle manifest"), msg);
    }

    @Test
    void missingRequiredFieldIsNamed() throws IOException {
        String text = json(sample());
        assertEquals("manifest.json: missing required field \"latent\"",
                message(text.replaceFirst("\"latent\" : \\{[^}]*},", "")));
        assertEquals("manifest.json: missing required field \"image.width\"",
                message(text.replaceFirst("\"width\" : 28,", "")));
        assertEquals("manifest.json: missing required field \"format\"",
                message(text.replaceFirst("\"format\" : \"ali4j-bundle\",", "")));
        assertEquals("manifest.json: missing required field \"training.objective\"",
                message(text.replaceFirst("\"objective\" : \"ali\",", "")));
    }

    @Test
    void wrongTypeIsNamed() throws IOException {
        String text = json(sample()).replace("\"channels\" : 1", "\"channels\" : \"one\"");
        assertEquals("manifest.json: \"image.channels\" must be a 32-bit integer, found the string \"one\"",
                message(text));
    }

    @Test
    void invalidValuesAreNamed() throws IOException {
        String text = json(sample());
        assertEquals("manifest.json: \"image\": channels must be 1 (grey) or 3 (RGB), got 4",
                message(text.replace("\"channels\" : 1", "\"channels\" : 4")));
        assertTrue(message(text.replace("\"layout\" : \"NCHW\"", "\"layout\" : \"NHWC\""))
                .contains("\"image.layout\" is \"NHWC\""));
    }

    @Test
    void aPriorOtherThanNormalIsRefusedNotSilentlySampledFromN01() throws IOException {
        String text = json(sample());
        assertEquals("manifest.json: \"latent.prior\" is \"uniform\", only \"normal\" is supported",
                message(text.replace("\"prior\" : \"normal\"", "\"prior\" : \"uniform\"")));
        assertEquals("manifest.json: \"latent.prior\" is \"Normal\", only \"normal\" is supported",
                message(text.replace("\"prior\" : \"normal\"", "\"prior\" : \"Normal\"")));
        assertEquals(LatentSpec.PRIOR_NORMAL, parse(text).latent().prior());
    }

    @Test
    void fileNamesThatLeaveTheBundleAreRejected() throws IOException {
        String text = json(sample()).replace("\"file\" : \"encoder.onnx\"", "\"file\" : \"../../etc/passwd\"");
        assertTrue(message(text).contains("plain file name"), message(text));
    }

    @Test
    void notJsonIsRejected() {
        String msg = message("this is not JSON");
        assertTrue(msg.startsWith("manifest.json: not valid JSON at line 1"), msg);
        assertTrue(message("").startsWith("manifest.json: empty"));
        assertEquals("manifest.json: expected a JSON object, found an array", message("[1, 2]"));
    }

    @Test
    void duplicateKeysAreRejected() {
        assertTrue(message("{\"format\": \"ali4j-bundle\", \"format\": \"x\"}").contains("not valid JSON"));
    }

    @Test
    void builderNamesAMissingPart() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> sample().toBuilder().latent(null).build());
        assertEquals("BundleManifest.builder(): latent(...) is required but was not set", e.getMessage());
    }

    @Test
    void missingManifestFileNamesThePath(@TempDir Path dir) {
        Path file = dir.resolve(BundleManifest.FILE_NAME);
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> BundleManifest.read(file));
        assertEquals(file + ": missing", e.getMessage());
    }

    @Test
    void readingAFileNamesItInMessages(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(BundleManifest.FILE_NAME);
        Files.writeString(file, json(sample()).replace("\"formatVersion\" : 1", "\"formatVersion\" : 7"));
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> BundleManifest.read(file));
        assertEquals(file + ": format version 7 is not supported by this ali4j (supports 1)", e.getMessage());
    }
}
