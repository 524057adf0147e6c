package dev.ali4j.cli;

import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.Sampling;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.image.ImageFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ali sample}: decodes {@code --n} codes drawn from {@code N(0, I)} with {@code --seed} and
 * writes them as one PNG grid. The same seed gives the same picture.
 *
 * <pre>{@code
 * int exit = Cli.commandLine(new SampleCommand())
 *         .execute("--bundle", "bundle", "--n", "64", "--seed", "7", "--out", "samples.png");
 * }</pre>
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {
            "Generates new images: decodes --n latent codes drawn from N(0, I) with --seed,",
            "and writes them as a PNG grid (--columns per row). The same seed gives the same images."},
        exitCodeOnInvalidInput = Cli.EXIT_ERROR)
public final class SampleCommand implements Callable<Integer> {
    private static final int MAX_N = 4096;

    @Spec
    private CommandSpec spec;

    @Mixin
    private BundleOptions bundle;

    @Option(names = "--n", paramLabel = "N", defaultValue = "64",
            description = "Images to generate, 1 to " + MAX_N + " (default: ${DEFAULT-VALUE}).")
    private int n;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the latent codes (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--columns", paramLabel = "C", defaultValue = "0",
            description = "Images per grid row; 0 makes the grid about square (default: ${DEFAULT-VALUE}).")
    private int columns;

    @Option(names = "--scale", paramLabel = "K", defaultValue = "1",
            description = "Enlarge each image K times (default: ${DEFAULT-VALUE}).")
    private int scale;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The grid to write.")
    private Path out;

    @Override
    public Integer call() throws IOException {
        if (n < 1 || n > MAX_N) {
            throw new IllegalArgumentException("--n must be between 1 and " + MAX_N + ", got " + n);
        }
        if (columns < 0 || scale < 1) {
            throw new IllegalArgumentException("--columns must be 0 or more and --scale 1 or more, got "
                    + columns + " and " + scale);
        }
        try (OnnxLatentModel model = bundle.load()) {
            ImageSpec imageSpec = model.manifest().image();
            ImageTensor samples = Sampling.sample(model, n, seed);
            int cols = columns > 0 ? columns : (int) Math.ceil(Math.sqrt(n));
            Cli.parentDirectories(out);
            ImageFiles.writeGrid(samples, cols, scale, imageSpec, out);
            spec.commandLine().getOut().println("wrote " + out);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
