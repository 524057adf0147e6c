package dev.ali4j.android;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The Gradle project (which cannot run without the Android SDK) agrees with the Maven build that
 * checks it: the same ali4j, ONNX Runtime and JUnit versions, the same minimum and compile API
 * levels, a complete wrapper, and resources that name the app's real classes.
 */
class GradleProjectTest {
    private static final Path SAMPLE = Paths.get(System.getProperty("ali4j.sampleDir", "."));

    private static String read(String path) throws IOException {
        return new String(Files.readAllBytes(SAMPLE.resolve(path)), StandardCharsets.UTF_8);
    }

    private static String find(String text, String regex, String where) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), where + " has no match for " + regex);
        return m.group(1);
    }

    @Test
    void versionsMatchTheMavenBuild() throws IOException {
        String rootPom = read("../pom.xml");
        String catalog = read("gradle/libs.versions.toml");
        String projectVersion = find(rootPom, "<artifactId>ali4j-parent</artifactId>\\s*<version>([^<]+)</version>",
                "pom.xml");
        assertEquals(projectVersion, find(catalog, "(?m)^ali4j = \"([^\"]+)\"", "libs.versions.toml"));
        String ort = find(rootPom, "<onnxruntime.version>([^<]+)</onnxruntime.version>", "pom.xml");
        assertEquals(ort, find(catalog, "(?m)^onnxruntime = \"([^\"]+)\"", "libs.versions.toml"),
                "onnxruntime-android must be the ONNX Runtime the runtime is built and tested with");
        String junit = find(rootPom, "<junit.version>([^<]+)</junit.version>", "pom.xml");
        assertEquals(junit, find(catalog, "(?m)^junit = \"([^\"]+)\"", "libs.versions.toml"));
        assertEquals("1" + junit.substring(junit.indexOf('.')),
                find(catalog, "(?m)^junit-platform = \"([^\"]+)\"", "libs.versions.toml"));
        assertEquals(find(rootPom, "<animal-sniffer.version>([^<]+)</", "pom.xml"),
                find(catalog, "(?m)^animal-sniffer = \"([^\"]+)\"", "libs.versions.toml"));
        assertEquals(find(rootPom, "<android-api-26-signature.version>([^<]+)</", "pom.xml"),
                find(catalog, "(?m)^android-minsdk-signature = \"([^\"]+)\"", "libs.versions.toml"));
        assertTrue(catalog.contains("module = \"net.sf.androidscents.signature:android-api-level-"
                + find(read("app/build.gradle.kts"), "minSdk = (\\d+)", "app/build.gradle.kts") + "\""));
    }

    @Test
    void apiLevelsMatchTheMavenChecks() throws IOException {
        String app = read("app/build.gradle.kts");
        String rootPom = read("../pom.xml");
        String samplePom = read("pom.xml");
        assertEquals(find(app, "minSdk = (\\d+)", "app/build.gradle.kts"),
                find(samplePom, "<artifactId>android-api-level-(\\d+)</artifactId>", "android-sample/pom.xml"),
                "animal-sniffer must check the app's classes against its minSdk");
        String androidAll = find(rootPom, "<android-all.version>([^<]+)</android-all.version>", "pom.xml");
        assertTrue(androidAll.startsWith("14-"), androidAll + " is Android 14, API 34");
        assertEquals("34", find(app, "compileSdk = (\\d+)", "app/build.gradle.kts"));
        assertEquals(find(samplePom, "<maven.compiler.release>(\\d+)</maven.compiler.release>", "pom.xml"),
                find(app, "sourceCompatibility = JavaVersion.VERSION_(\\d+)", "app/build.gradle.kts"));
    }

    @Test
    void theAppUsesOnnxRuntimeForAndroidInPlaceOfTheDesktopOne() throws IOException {
        String app = read("app/build.gradle.kts");
        assertTrue(app.contains("implementation(libs.ali4j.runtime.onnx) {\n"
                + "        exclude(group = \"com.microsoft.onnxruntime\", module = \"onnxruntime\")"), app);
        assertTrue(app.contains("implementation(libs.onnxruntime.android)"));
        assertTrue(app.contains("implementation(libs.ali4j.api)"));
        String catalog = read("gradle/libs.versions.toml");
        assertTrue(catalog.contains("module = \"com.microsoft.onnxruntime:onnxruntime-android\""));
    }

    @Test
    void theWrapperIsComplete() throws IOException {
        assertTrue(Files.isExecutable(SAMPLE.resolve("gradlew")), "gradlew must be executable");
        assertTrue(Files.isRegularFile(SAMPLE.resolve("gradlew.bat")));
        try (ZipFile jar = new ZipFile(SAMPLE.resolve("gradle/wrapper/gradle-wrapper.jar").toFile())) {
            assertNotNull(jar.getEntry("org/gradle/wrapper/GradleWrapperMain.class"), "a real wrapper jar");
        }
        String properties = read("gradle/wrapper/gradle-wrapper.properties");
        String gradle = find(properties, "gradle-(\\d+\\.\\d+(?:\\.\\d+)?)-bin\\.zip", "gradle-wrapper.properties");
        String agp = find(read("gradle/libs.versions.toml"), "(?m)^agp = \"([^\"]+)\"", "libs.versions.toml");
        // AGP 8.7 needs Gradle 8.9 or newer
        assertTrue(agp.startsWith("8.7.") && compare(gradle, "8.9") >= 0 && gradle.startsWith("8."),
                "Gradle " + gradle + " with AGP " + agp);
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int d = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    @Test
    void theManifestAndLayoutNameTheAppsClasses() throws Exception {
        String manifest = read("app/src/main/AndroidManifest.xml");
        String activity = find(manifest, "<activity\\s+android:name=\"\\.(\\w+)\"", "AndroidManifest.xml");
        assertTrue(android.app.Activity.class.isAssignableFrom(load("dev.ali4j.android." + activity)));
        assertTrue(manifest.contains("android.intent.category.LAUNCHER"));
        Matcher views = Pattern.compile("<(dev\\.ali4j\\.android\\.\\w+)").matcher(read("app/src/main/res/layout/activity_main.xml"));
        int count = 0;
        while (views.find()) {
            assertTrue(android.view.View.class.isAssignableFrom(load(views.group(1))), views.group(1));
            count++;
        }
        assertEquals(4, count, "the input, reconstruction, inpainted and samples views");
    }

    /** Loads without initialising: Android's classes are for compiling against, not for running here. */
    private static Class<?> load(String name) throws ClassNotFoundException {
        return Class.forName(name, false, GradleProjectTest.class.getClassLoader());
    }

    @Test
    void theBundleIsNotCommittedButTheTestImagesAre() throws IOException {
        assertTrue(read(".gitignore").contains("app/src/main/assets/bundle/"));
        assertTrue(Files.isRegularFile(SAMPLE.resolve("app/src/main/assets/test-images/tshirt.png")));
    }
}
