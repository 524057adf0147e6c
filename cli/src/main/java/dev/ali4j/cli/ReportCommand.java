package dev.ali4j.cli;

import dev.ali4j.trainer.report.HtmlReport;
import dev.ali4j.trainer.report.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ali report}: a run's report.html again, from its files, or several runs side by side. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a self-contained HTML report (pictures embedded, no script, opens offline).",
                "One run: its report.html again, from the run directory's files: configuration, epoch table, "
                        + "loss and telemetry charts, every epoch's samples and reconstructions, and the "
                        + "evaluation when the directory has an eval.json (./ali eval --bundle B --out RUN/eval.json).",
                "Several runs: side by side, one table (objective, architecture, epochs, steps, last losses, "
                        + "every evaluation metric), a bar chart per metric and each run's last reconstructions."})
public final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run directories (./ali train --out, demo-out/run).")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "FILE.html",
            description = "Default: RUN/report.html for one run, report.html in the current directory for several.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<RunReport> reports = new ArrayList<>();
        for (Path run : runs) {
            reports.add(RunReport.read(run)); // a missing directory or one that is not a run: one line (Cli)
        }
        Path file = out != null ? out
                : runs.size() == 1 ? runs.get(0).resolve(HtmlReport.FILE_NAME) : Path.of(HtmlReport.FILE_NAME);
        HtmlReport.write(reports.size() == 1 ? HtmlReport.of(reports.get(0)) : HtmlReport.sideBySide(reports), file);
        PrintWriter stdout = spec.commandLine().getOut();
        if (reports.size() == 1) {
            RunReport run = reports.get(0);
            int epochs = run.header().epoch();
            stdout.println("Wrote " + file + ": " + run.objective() + ", " + epochs
                    + (epochs == 1 ? " epoch" : " epochs")
                    + (run.evaluation().isPresent() ? ", with " + run.evaluation().get().file() : ", no eval.json"));
        } else {
            stdout.println("Wrote " + file + ": " + reports.size() + " runs side by side, "
                    + reports.stream().filter(r -> r.evaluation().isPresent()).count() + " with an eval.json");
        }
        stdout.flush();
        return 0;
    }
}
