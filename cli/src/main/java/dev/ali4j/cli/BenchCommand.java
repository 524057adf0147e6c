package dev.ali4j.cli;

import dev.ali4j.cli.bench.AnomalyBenchCommand;
import dev.ali4j.cli.bench.MemoryBenchCommand;
import dev.ali4j.cli.bench.RuntimeBenchCommand;
import dev.ali4j.cli.bench.SoakBenchCommand;
import dev.ali4j.cli.bench.SparkBenchCommand;
import dev.ali4j.cli.bench.TrainBenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ali bench}: measurements against a peer run in the same command, one subcommand each. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks, each against a reference measured in the same run.",
        subcommands = {TrainBenchCommand.class, RuntimeBenchCommand.class, SparkBenchCommand.class,
            MemoryBenchCommand.class, AnomalyBenchCommand.class, SoakBenchCommand.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

}
