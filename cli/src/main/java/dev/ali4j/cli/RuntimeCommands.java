package dev.ali4j.cli;

import java.util.Arrays;
import java.util.List;

/**
 * The runtime's commands, for a top-level command to register in one go:
 *
 * <pre>{@code
 * CommandLine ali = Cli.commandLine(new AliCommand());
 * RuntimeCommands.all().forEach(ali::addSubcommand);
 * }</pre>
 */
public final class RuntimeCommands {
    private RuntimeCommands() {
    }

    /** @return a fresh instance of every runtime command, in the order of the help listing */
    public static List<Object> all() {
        return Arrays.asList(new EncodeCommand(), new ReconstructCommand(), new InpaintCommand(),
                new ScoreCommand(), new SampleCommand(), new InterpolateCommand(), new ServeCommand());
    }
}
