package dev.ali4j.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.trainer.train.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's "Train from Java" example, exactly as printed there (between its markers): compiled
 * against the trainer's classpath and run. If the API it shows changes, this fails.
 */
class ReadmeExampleTest {

    private static final String START = "<!-- train-from-java:start -->";
    private static final String END = "<!-- train-from-java:end -->";

    @TempDir
    Path dir;

    @Test
    void theTrainFromJavaExampleCompilesAndRuns() throws Exception {
        Path source = dir.resolve("src/TrainFromJava.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, example(), StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean compiled = javac.getTask(errors, null, null, List.of("-d", classes.toString(), "-classpath",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source.toFile()))
                .call();
        assertTrue(compiled, "README's example does not compile:\n" + errors);

        Path run = dir.resolve("run");
        String output = runMain(classes, run);

        assertTrue(Files.isRegularFile(run.resolve(Checkpoint.FILE_NAME)), output);
        assertTrue(Files.isRegularFile(run.resolve("bundle/manifest.json")), output);
        assertTrue(output.contains("epoch 1: D "), output);
        assertTrue(output.contains("4 codes of 64 numbers; reconstructed 4"), output);
        long epochs = output.lines().filter(l -> l.startsWith("epoch ")).count();
        long steps = Checkpoint.readHeader(run.resolve(Checkpoint.FILE_NAME)).step();
        assertEquals(epochs * 1000 / 50, steps, "the example's listener saw every epoch that ran: " + output);
    }

    /** The example's code: the Java block between README's markers. */
    private static String example() throws Exception {
        String readme = Files.readString(root().resolve("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertTrue(start >= 0 && end > start, "README has no " + START + " ... " + END + " block");
        String block = readme.substring(start + START.length(), end).strip();
        assertTrue(block.startsWith("```java") && block.endsWith("```"), block);
        return block.substring("```java".length(), block.length() - 3);
    }

    /** Runs {@code TrainFromJava.main(run)} and returns what it printed. */
    private String runMain(Path classes, Path run) throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Method main = loader.loadClass("TrainFromJava").getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[] {run.toString()});
        } finally {
            System.setOut(console);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        console.print(output);
        return output;
    }

    private static Path root() {
        for (Path p = Path.of(System.getProperty("basedir", ".")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("trainer-djl"))) {
                return p;
            }
        }
        throw new AssertionError("repository root not found above " + System.getProperty("basedir"));
    }
}
