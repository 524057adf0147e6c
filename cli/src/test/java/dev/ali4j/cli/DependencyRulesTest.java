package dev.ali4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's dependency rules themselves (the enforcer executions {@code library-dependencies}
 * and {@code no-training-engine} of the parent pom): three throwaway modules inherit them as
 * ali4j's modules do; the one that pulls picocli into a library and the one that pulls DJL into
 * an inference module must fail, the one that keeps the rules must pass. If a rule stopped
 * working (a typo in a pattern, a plugin upgrade), this test fails. It lives in the cli module
 * because that is built last: every artifact it names is in the local repository by then.
 */
class DependencyRulesTest {

    private static final Path ROOT = root();

    @TempDir
    Path dir;

    @Test
    void aLibraryPullingPicocliAndAnInferenceModulePullingDjlFailTheBuild() throws Exception {
        Files.writeString(dir.resolve("pom.xml"), pom(dir, "rules", "<packaging>pom</packaging>"
                + "<modules><module>breaks-library</module><module>breaks-inference</module>"
                + "<module>keeps-rules</module></modules>", ""), StandardCharsets.UTF_8);
        module("breaks-library", "library-dependencies", "info.picocli", "picocli");
        module("breaks-inference", "no-training-engine", "ai.djl", "api");
        module("keeps-rules", "library-dependencies", "com.fasterxml.jackson.core", "jackson-databind");

        String output = maven("validate");

        assertTrue(output.contains("info.picocli:picocli:jar") && output.contains("banned"), output);
        assertTrue(output.contains("ai.djl:api:jar"), output);
        assertTrue(output.matches("(?s).*rules-breaks-library \\.+ FAILURE.*"), output);
        assertTrue(output.matches("(?s).*rules-breaks-inference \\.+ FAILURE.*"), output);
        assertTrue(output.matches("(?s).*rules-keeps-rules \\.+ SUCCESS.*"), output);
    }

    /** A module that opts in to {@code rule} as ali4j's modules do, and depends on one artifact. */
    private void module(String name, String rule, String groupId, String artifactId) throws IOException {
        Path module = Files.createDirectories(dir.resolve(name));
        String build = "<build><plugins><plugin><groupId>org.apache.maven.plugins</groupId>"
                + "<artifactId>maven-enforcer-plugin</artifactId><executions><execution><id>" + rule
                + "</id><phase>validate</phase></execution></executions></plugin></plugins></build>";
        String dependencies = "<dependencies><dependency><groupId>" + groupId + "</groupId><artifactId>" + artifactId
                + "</artifactId></dependency></dependencies>";
        Files.writeString(module.resolve("pom.xml"), pom(module, "rules-" + name, dependencies, build),
                StandardCharsets.UTF_8);
    }

    /** A pom in {@code directory} whose parent is ali4j's, by a relative path (Maven ignores an absolute one). */
    private static String pom(Path directory, String artifactId, String body, String build) {
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                + "<parent><groupId>dev.ali4j</groupId><artifactId>ali4j-parent</artifactId>"
                + "<version>0.1.0-SNAPSHOT</version><relativePath>" + directory.relativize(ROOT.resolve("pom.xml"))
                + "</relativePath></parent>"
                + "<artifactId>" + artifactId + "</artifactId>" + body + build + "</project>";
    }

    /** Runs the Maven Wrapper offline on the throwaway build; returns its output whatever the exit code. */
    private String maven(String goal) throws Exception {
        Path log = dir.resolve("maven.log");
        Process process = new ProcessBuilder(ROOT.resolve("mvnw").toString(), "-o", "-B", "-Dstyle.color=never",
                "--fail-at-end", "-f", dir.resolve("pom.xml").toString(), goal)
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Maven did not finish in 120 s: " + Files.readString(log));
        }
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** The repository root: the nearest directory above this module with the Maven Wrapper. */
    private static Path root() {
        for (Path p = Path.of(System.getProperty("basedir", ".")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("cli"))) {
                return p;
            }
        }
        throw new AssertionError("repository root with mvnw not found above " + System.getProperty("basedir"));
    }
}
