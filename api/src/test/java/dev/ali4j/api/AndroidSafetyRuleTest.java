package dev.ali4j.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.thetaphi.forbiddenapis.Checker;
import de.thetaphi.forbiddenapis.ForbiddenApiException;
import de.thetaphi.forbiddenapis.Logger;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Android-safety rule itself: the signatures file the build uses
 * ({@code build/android-forbidden.txt}, checked by the forbiddenapis plugin in api and
 * runtime-onnx/core) must reject a class that references AWT or DJL and accept one that uses
 * only java.util and java.nio. If the file or the checker stopped working, this test fails. The
 * checker runs with the options and signatures of the build's plugin execution, read from the
 * parent pom ({@link ForbiddenApisSettings}), so the two cannot drift apart.
 */
class AndroidSafetyRuleTest {

    @TempDir
    Path dir;

    @Test
    void aClassReferencingBufferedImageIsRejected() throws Exception {
        compile(Map.of("sample/UsesAwt.java",
                "package sample;\n"
                        + "public class UsesAwt {\n"
                        + "    public static int width() {\n"
                        + "        return new java.awt.image.BufferedImage(2, 1, java.awt.image.BufferedImage.TYPE_INT_ARGB).getWidth();\n"
                        + "    }\n"
                        + "}\n"));
        List<String> errors = new ArrayList<>();
        assertThrows(ForbiddenApiException.class, () -> check("sample/UsesAwt.class", errors));
        String report = String.join("\n", errors);
        assertTrue(report.contains("java.awt.image.BufferedImage"), report);
        assertTrue(report.contains("AWT is not on Android"), report);
    }

    @Test
    void aClassReferencingDjlIsRejectedThoughDjlIsNotOnTheClassPath() throws Exception {
        // A stand-in for DJL's NDArray, compiled beside the sample only so that it compiles.
        compile(Map.of(
                "ai/djl/ndarray/NDArray.java",
                "package ai.djl.ndarray;\npublic interface NDArray { float[] toFloatArray(); }\n",
                "sample/UsesDjl.java",
                "package sample;\n"
                        + "public class UsesDjl {\n"
                        + "    public static float first(ai.djl.ndarray.NDArray a) { return a.toFloatArray()[0]; }\n"
                        + "}\n"));
        List<String> errors = new ArrayList<>();
        assertThrows(ForbiddenApiException.class, () -> check("sample/UsesDjl.class", errors));
        String report = String.join("\n", errors);
        assertTrue(report.contains("ai.djl.ndarray.NDArray"), report);
        assertTrue(report.contains("DJL"), report);
    }

    @Test
    void aClassUsingOnlyJavaUtilAndNioPasses() throws Exception {
        compile(Map.of("sample/Plain.java",
                "package sample;\n"
                        + "import java.nio.FloatBuffer;\n"
                        + "import java.nio.file.Files;\n"
                        + "import java.nio.file.Path;\n"
                        + "import java.util.ArrayList;\n"
                        + "import java.util.List;\n"
                        + "public class Plain {\n"
                        + "    public static List<Float> read(Path p) throws java.io.IOException {\n"
                        + "        List<Float> out = new ArrayList<>();\n"
                        + "        FloatBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(p)).asFloatBuffer();\n"
                        + "        while (b.hasRemaining()) { out.add(b.get()); }\n"
                        + "        return out;\n"
                        + "    }\n"
                        + "}\n"));
        List<String> errors = new ArrayList<>();
        assertDoesNotThrow(() -> check("sample/Plain.class", errors));
        assertEquals(List.of(), errors);
    }

    /** The repository root, whose pom configures the check (set by surefire; falls back to the parent directory). */
    private static Path root() {
        String configured = System.getProperty("ali4j.rootDirectory");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        assertTrue(Files.isRegularFile(root.resolve("pom.xml")), "parent pom not found in " + root.toAbsolutePath());
        return root;
    }

    @Test
    void theBuildsSignaturesAreChecked() throws Exception {
        ForbiddenApisSettings build = ForbiddenApisSettings.ofBuild(root());
        assertEquals(List.of(root().resolve("build").resolve("android-forbidden.txt")), build.signaturesFiles());
        assertTrue(build.options().contains(Checker.Option.FAIL_ON_VIOLATION), build.options().toString());
    }

    private void check(String classFile, List<String> errors) throws Exception {
        Logger logger = new Logger() {
            @Override
            public void error(String msg) {
                errors.add(msg);
            }

            @Override
            public void warn(String msg) {
            }

            @Override
            public void info(String msg) {
            }

            @Override
            public void debug(String msg) {
            }
        };
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                AndroidSafetyRuleTest.class.getClassLoader())) {
            // Exactly as the build's plugin execution runs it: its options and signatures, read from the pom.
            ForbiddenApisSettings build = ForbiddenApisSettings.ofBuild(root());
            Checker checker = new Checker(logger, loader, build.options());
            for (Path signatures : build.signaturesFiles()) {
                assertTrue(Files.isRegularFile(signatures), "signatures file not found: " + signatures);
                checker.parseSignaturesFile(signatures.toFile());
            }
            checker.addClassesToCheck(dir.toFile(), classFile);
            checker.run();
        }
    }

    private void compile(Map<String, String> sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertTrue(javac != null, "this test needs a JDK, not a JRE");
        List<String> args = new ArrayList<>(List.of("--release", "11", "-d", dir.toString()));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path src = dir.resolve("src").resolve(e.getKey());
            Files.createDirectories(src.getParent());
            Files.writeString(src, e.getValue());
            args.add(src.toString());
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, args.toArray(new String[0]));
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));
    }
}
