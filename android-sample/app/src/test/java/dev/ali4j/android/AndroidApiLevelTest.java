package dev.ali4j.android;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.ImageTensor;
import dev.ali4j.runtime.OnnxLatentModel;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.codehaus.mojo.animal_sniffer.SignatureChecker;
import org.codehaus.mojo.animal_sniffer.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The ali4j code the app embeds, {@code ali4j-api} and {@code ali4j-runtime-onnx}, calls only
 * what Android 8.0 (API 26, the app's minSdk) has. They are compiled for Java 11, whose library
 * has methods that reach Android much later or never ({@code InputStream.readAllBytes} in API 33,
 * {@code List.of} in 30): such a call compiles, passes every JVM test and crashes on the phone.
 * The Maven build checks the app's own classes the same way (animal-sniffer, android-min-sdk).
 */
class AndroidApiLevelTest {
    /**
     * Known violations, each to be fixed where it is and then removed from here (the test fails
     * when one is gone, so the list cannot go stale).
     */
    private static final Set<String> KNOWN = new TreeSet<>();

    /** Never run: the negative example for the checker. */
    static final class UsesJava9Api {
        byte[] read(InputStream in) throws IOException {
            return in.readAllBytes();
        }

        List<Integer> list() {
            return List.of(1, 2);
        }
    }

    private static Set<String> violations(File... classes) throws IOException {
        String signature = System.getProperty("ali4j.androidSignature");
        assertTrue(signature != null && new File(signature).isFile(),
                "run through Maven: ali4j.androidSignature is " + signature);
        Set<String> found = new TreeSet<>();
        Logger logger = new Logger() {
            @Override
            public void error(String message) {
                // "/path/x.jar:dev/ali4j/X.class:129: Undefined reference: java.nio.FloatBuffer ..."
                found.add(message.replaceFirst("\\.class:\\d+: Undefined reference:", "")
                        .replaceFirst("^.*?(dev/ali4j/)", "$1"));
            }

            @Override
            public void error(String message, Throwable t) {
                error(message);
            }

            @Override
            public void info(String message) {
            }

            @Override
            public void info(String message, Throwable t) {
            }

            @Override
            public void debug(String message) {
            }

            @Override
            public void debug(String message, Throwable t) {
            }

            @Override
            public void warn(String message) {
            }

            @Override
            public void warn(String message, Throwable t) {
            }
        };
        Set<String> notInAndroid = new HashSet<>(Arrays.asList("com.fasterxml.*", "ai.onnxruntime.*", "dev.ali4j.*"));
        try (InputStream in = new FileInputStream(signature)) {
            SignatureChecker checker = new SignatureChecker(in, notInAndroid, logger);
            checker.setSourcePath(new ArrayList<>());
            for (File f : classes) {
                checker.process(f);
            }
        }
        return found;
    }

    private static File locationOf(Class<?> c) throws URISyntaxException {
        return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void theAli4jJarsTheAppEmbedsUseOnlyWhatAndroid26Has() throws Exception {
        File api = locationOf(ImageTensor.class);
        File runtime = locationOf(OnnxLatentModel.class);
        Set<String> found = violations(api, runtime);
        assertEquals(KNOWN, found, "calls Android 8.0 (API 26) lacks in " + api + " and " + runtime
                + " (a fixed one must also leave KNOWN)");
    }

    @Test
    void theCheckRejectsACallAndroid26Lacks() throws Exception {
        File compiled = new File(locationOf(AndroidApiLevelTest.class),
                "dev/ali4j/android/AndroidApiLevelTest$UsesJava9Api.class");
        Set<String> found = violations(compiled);
        assertTrue(found.stream().anyMatch(v -> v.contains("java.io.InputStream.readAllBytes()")), found.toString());
        assertTrue(found.stream().anyMatch(v -> v.contains("java.util.List.of(")), found.toString());
    }
}
