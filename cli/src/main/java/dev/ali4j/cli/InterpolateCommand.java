package dev.ali4j.cli;

import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.Interpolation;
import dev.ali4j.api.Sampling;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.image.ImageFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ali interpolate}: the images along the latent path between two endpoints, as one PNG
 * row. The endpoints are two images (their mean codes) or two seeds (codes drawn from N(0, I)).
 *
 * <pre>{@code
 * Cli.commandLine(new InterpolateCommand()).execute("--bundle", "b", "--out", "morph.png", "a.png", "b.png");
 * Cli.commandLine(new InterpolateCommand()).execute("--bundle", "b", "--seed-a", "1", "--seed-b", "2",
 *         "--spherical", "--out", "walk.png");
 * }</pre>
 */
@Command(name = "interpolate", mixinStandardHelpOptions = true,
        description = {
            "Decodes --steps codes on the path between two endpoints and writes them as one PNG row.",
            "Endpoints: two IMAGEs (encoded, mean codes) or --seed-a and --seed-b (codes from N(0, I)).",
            "The path is linear, or with --spherical a great circle (slerp) with linearly changing length."},
        exitCodeOnInvalidInput = Cli.EXIT_ERROR)
public final class InterpolateCommand implements Callable<Integer> {
    private static final int MAX_STEPS = 1024;

    @Spec
    private CommandSpec spec;

    @Mixin
    private BundleOptions bundle;

    @Option(names = "--seed-a", paramLabel = "S", description = "Seed of the first code (with --seed-b, no IMAGEs).")
    private Long seedA;

    @Option(names = "--seed-b", paramLabel = "S", description = "Seed of the last code.")
    private Long seedB;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "8",
            description = "Images on the path, both ends included, 2 to " + MAX_STEPS + " (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--spherical", description = "Spherical instead of linear interpolation.")
    private boolean spherical;

    @Option(names = "--scale", paramLabel = "K", defaultValue = "1",
            description = "Enlarge each image K times (default: ${DEFAULT-VALUE}).")
    private int scale;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The row of images to write.")
    private Path out;

    @Parameters(paramLabel = "IMAGE", arity = "0..2", description = "The two endpoint images.")
    private List<Path> images = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        boolean seeds = seedA != null || seedB != null;
        if (seeds && !images.isEmpty()) {
            throw new IllegalArgumentException("give either two IMAGEs or --seed-a and --seed-b, not both");
        }
        if (seeds ? seedA == null || seedB == null : images.size() != 2) {
            throw new IllegalArgumentException(seeds ? "--seed-a and --seed-b go together"
                    : "give two IMAGEs, or --seed-a and --seed-b, got " + images.size() + " image(s)");
        }
        if (steps < 2 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("--steps must be between 2 and " + MAX_STEPS + ", got " + steps);
        }
        if (scale < 1) {
            throw new IllegalArgumentException("--scale must be at least 1, got " + scale);
        }
        Interpolation mode = spherical ? Interpolation.SPHERICAL : Interpolation.LINEAR;
        try (OnnxLatentModel model = bundle.load()) {
            ImageSpec imageSpec = model.manifest().image();
            int d = model.manifest().latent().size();
            ImageTensor path;
            if (seeds) {
                path = mode.decodePrior(model, Sampling.standardNormal(d, seedA), Sampling.standardNormal(d, seedB),
                        steps);
            } else {
                ImageTensor ends = ImageFiles.read(images, imageSpec);
                path = mode.between(model, ends.slice(0), ends.slice(1), steps);
            }
            Cli.parentDirectories(out);
            ImageFiles.writeGrid(path, steps, scale, imageSpec, out);
            spec.commandLine().getOut().println("wrote " + out);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
