package dev.ali4j.cli.bench;

import dev.ali4j.trainer.bench.MemoryBenchmark;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ali bench memory}: peak RSS early in a run against the end of it. */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = "Trains for --steps steps in a fresh JVM (fixed, pre-touched heap; one thread) and compares "
                + "peak RSS after the first tenth of the steps with peak RSS at the end. Flat memory: growth "
                + "within 10%%.")
public final class MemoryBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--arch", defaultValue = "gray28", description = "Architecture. Default: ${DEFAULT-VALUE}.")
    String architecture;

    @Option(names = "--objective", defaultValue = "ali", description = "Objective preset. Default: ${DEFAULT-VALUE}.")
    String objective;

    @Option(names = "--batch", defaultValue = "100", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--steps", defaultValue = "2000", description = "Steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--heap", defaultValue = "1024", paramLabel = "MB",
            description = "Fixed Java heap of the measured JVM. Default: ${DEFAULT-VALUE}.")
    int heapMb;

    @Override
    public Integer call() throws Exception {
        if (steps < 10 || batch < 2 || heapMb < 64) {
            throw new IllegalArgumentException("need --steps >= 10, --batch >= 2 and --heap >= 64");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("Training %s on %s, batch %d, %d steps, one thread...%n", objective, architecture, batch, steps);
        MemoryBenchmark.Result r = MemoryBenchmark.measure(architecture, objective, batch, steps, heapMb);
        stdout.printf("peak RSS after %d steps: %.1f MB; after %d steps: %.1f MB; growth %+.1f%%%n",
                r.early(), r.earlyKb() / 1024.0, r.steps(), r.finalKb() / 1024.0, (r.growth() - 1) * 100);
        return r.growth() <= 1.10 ? 0 : 1;
    }
}
