package dev.ali4j.trainer.report;

import dev.ali4j.api.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code report.html}: a page a person opens offline in any browser, with its pictures embedded
 * and no script. One run's page shows its evaluation (when the run directory has an
 * {@code eval.json}), the epoch summaries, the loss and telemetry charts, every epoch's samples
 * and reconstructions, and the configuration; several runs' page sets them side by side.
 *
 * <pre>{@code
 * HtmlReport.writeRun(Path.of("runs/alice"));                       // runs/alice/report.html
 * HtmlReport.write(HtmlReport.sideBySide(List.of(RunReport.read(a), RunReport.read(b))), Path.of("ab.html"));
 * }</pre>
 */
public final class HtmlReport {

    /** File name inside a run directory. */
    public static final String FILE_NAME = "report.html";

    private HtmlReport() {}

    /** One run's page. */
    public static String of(RunReport run) throws IOException {
        return RunPage.render(run);
    }

    /** Several runs side by side: a table, a bar chart per evaluation metric, each run's last reconstructions. */
    public static String sideBySide(List<RunReport> runs) throws IOException {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to set side by side");
        }
        return ComparisonPage.render(runs);
    }

    /** Reads the run in {@code runDirectory} and writes its {@code report.html}; returns that file. */
    public static Path writeRun(Path runDirectory) throws IOException {
        Path file = runDirectory.resolve(FILE_NAME);
        write(of(RunReport.read(runDirectory)), file);
        return file;
    }

    /** Writes a page atomically (a reader never sees half of it), creating its directory if needed. */
    public static void write(String html, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
