package dev.ali4j.trainer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html as a person sees it: Debian's chromium renders a real run's report headless. Fails,
 * rather than skips, without chromium: the report is a product and this is its only look.
 */
class ReportInBrowserTest {

    @TempDir
    static Path shared;

    static Path run;

    @BeforeAll
    static void trainTinyRun() throws IOException {
        run = TinyRun.shared();
    }

    @Test
    void chromiumRendersTheReportWithContentAndNoConsoleErrors() throws Exception {
        HeadlessChromium.Rendering shown = HeadlessChromium.render(run.resolve(HtmlReport.FILE_NAME),
                shared.resolve("chromium"));

        assertEquals(List.of(), shown.faults(), "console errors or failed loads; chromium's log:\n" + shown.log());
        BufferedImage image = ImageIO.read(shown.screenshot().toFile());
        assertNotNull(image, "the screenshot decodes as a PNG");
        assertEquals(1200, image.getWidth());
        assertEquals(2000, image.getHeight());
        Pixels pixels = Pixels.of(image);
        assertTrue(pixels.distinctColours() >= 100, "a page of text, tables, charts and pictures, not a blank one: "
                + pixels.distinctColours() + " colours");
        assertTrue(pixels.nonWhiteFraction() > 0.05, "not all white: " + pixels.nonWhiteFraction());
        assertTrue(pixels.luminanceStd() > 20, "contrast: luminance std " + pixels.luminanceStd());
    }

    @Test
    void theLogCheckSeesAMissingPictureAndAScriptError() throws Exception {
        Path broken = shared.resolve("broken/page.html");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, "<!DOCTYPE html><html><body><p>broken</p><img src=\"missing.png\" alt=\"x\">"
                + "<script>console.error('boom'); notDefined();</script></body></html>", StandardCharsets.UTF_8);

        List<String> faults = HeadlessChromium.render(broken, shared.resolve("broken-chromium")).faults();

        assertTrue(faults.stream().anyMatch(f -> f.contains("missing.png")), "the missing file: " + faults);
        assertTrue(faults.stream().anyMatch(f -> f.contains("\"boom\"")), "console.error: " + faults);
        assertTrue(faults.stream().anyMatch(f -> f.contains("Uncaught ReferenceError")), "uncaught: " + faults);
    }

    /** What a screenshot's pixels say about whether anything is shown. */
    private record Pixels(int distinctColours, double nonWhiteFraction, double luminanceStd) {

        static Pixels of(BufferedImage image) {
            Set<Integer> colours = new HashSet<>();
            long nonWhite = 0;
            double sum = 0;
            double sumSquares = 0;
            int n = image.getWidth() * image.getHeight();
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    int rgb = image.getRGB(x, y) & 0xffffff;
                    colours.add(rgb);
                    if (rgb != 0xffffff) {
                        nonWhite++;
                    }
                    double luminance = 0.299 * (rgb >> 16) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                    sum += luminance;
                    sumSquares += luminance * luminance;
                }
            }
            double mean = sum / n;
            return new Pixels(colours.size(), nonWhite / (double) n, Math.sqrt(sumSquares / n - mean * mean));
        }
    }
}
