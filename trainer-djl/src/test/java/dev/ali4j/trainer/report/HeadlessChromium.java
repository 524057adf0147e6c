package dev.ali4j.trainer.report;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium, headless: renders a page to a PNG as a person's browser would, and reports
 * what went wrong on the way (console messages, script errors, files the page tried to load).
 */
final class HeadlessChromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 90;

    /**
     * @param screenshot the PNG written
     * @param faults the lines of chromium's log that show a fault of the page
     * @param log chromium's whole stderr
     */
    record Rendering(Path screenshot, List<String> faults, String log) {}

    private HeadlessChromium() {}

    /** Renders {@code page} in a 1200x2000 window into {@code workDirectory}/screenshot.png. */
    static Rendering render(Path page, Path workDirectory) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            fail(BINARY + " is missing: install Debian's chromium (apt-get install chromium; .ci/run installs it) "
                    + "to run the browser test of report.html");
        }
        Files.createDirectories(workDirectory);
        Path png = workDirectory.resolve("screenshot.png").toAbsolutePath();
        Path stderr = workDirectory.resolve("chromium-stderr.txt");
        String url = page.toAbsolutePath().toUri().toString();
        Process chromium = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--window-size=1200,2000", "--screenshot=" + png,
                "--enable-logging=stderr", "--v=0",
                // Logs each file the page loads: a self-contained page loads none besides itself.
                "--vmodule=file_url_loader_factory=1",
                "--user-data-dir=" + workDirectory.resolve("profile").toAbsolutePath(), url)
                .redirectOutput(workDirectory.resolve("chromium-stdout.txt").toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!chromium.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            chromium.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("chromium did not finish within " + TIMEOUT_SECONDS + " s rendering " + url);
        }
        String log = Files.readString(stderr, StandardCharsets.UTF_8);
        if (chromium.exitValue() != 0) {
            fail("chromium exited with " + chromium.exitValue() + ":\n" + log);
        }
        return new Rendering(png, faults(log, url), log);
    }

    /**
     * Console messages of any level (chromium logs them all as INFO:CONSOLE, and a page without
     * script has none), uncaught errors, failed loads, and any file loaded but the page itself.
     */
    static List<String> faults(String log, String pageUrl) {
        List<String> faults = new ArrayList<>();
        for (String line : log.split("\n")) {
            boolean otherFile = line.contains("FileURLLoader::Start: ") && !line.endsWith("Start: " + pageUrl);
            // net::ERR_ only about files: chromium's own background services fail offline at times.
            boolean failedLoad = line.contains("ERR_FILE_NOT_FOUND")
                    || line.contains("net::ERR_") && line.contains("file:");
            if (line.contains(":CONSOLE") || line.contains("Uncaught") || failedLoad || otherFile) {
                faults.add(line);
            }
        }
        return faults;
    }
}
