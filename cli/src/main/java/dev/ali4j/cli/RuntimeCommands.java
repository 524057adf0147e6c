package dev.ali4j.cli;

import java.util.Arrays;
import java.util.List;

/**
 * The runtime's commands, for a top-level command to register in one go:
 *
 * <pre>{@code
 * CommandLine ali = new CommandLine(new AliCommand());
 * for (Class<?> command : RuntimeCommands.COMMANDS) {
 *     ali.addSubcommand(command);
 * }
 * // or: RuntimeCommands.all().forEach(ali::addSubcommand);
 * }</pre>
 */
public final class RuntimeCommands {
    private RuntimeCommands() {
    }

    /** Each command class, in the order of the help listing. */
    private static final List<Class<?>> CLASSES = List.of(EncodeCommand.class, ReconstructCommand.class,
            InpaintCommand.class, SampleCommand.class, InterpolateCommand.class, ServeCommand.class);

    /** The command classes (picocli {@code @Command}s with public no-argument constructors). */
    public static final Class<?>[] COMMANDS = CLASSES.toArray(new Class<?>[0]);

    /** @return a fresh instance of every runtime command, in the order of {@link #COMMANDS} */
    public static List<Object> all() {
        return Arrays.asList(new EncodeCommand(), new ReconstructCommand(), new InpaintCommand(),
                new SampleCommand(), new InterpolateCommand(), new ServeCommand());
    }
}
