package dev.ali4j.cli;

import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.Inpainting;
import dev.ali4j.api.Mask;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.image.ImageFiles;
import dev.ali4j.runtime.image.MaskFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ali inpaint}: fills a hole in images (a mask picture, white = unknown, or a box) from
 * what the model makes of the rest, and writes {@code <name>-inpainted.png} for each input. See
 * {@link Inpainting} for the algorithm.
 *
 * <pre>{@code
 * Cli.commandLine(new InpaintCommand()).execute("--bundle", "b", "--box", "7,7,14,14", "--out", "out", "a.png");
 * }</pre>
 */
@Command(name = "inpaint", mixinStandardHelpOptions = true,
        description = {
            "Fills the unknown pixels of images: fill the hole with the mean of the known pixels, encode,",
            "decode, paste the known pixels back; --rounds repeats from the previous result.",
            "Writes <name>-inpainted.png into --out for each IMAGE. Images are resized to the bundle's",
            "size first, as for reconstruct; the mask is in the bundle's pixels."},
        exitCodeOnInvalidInput = Cli.EXIT_ERROR)
public final class InpaintCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private BundleOptions bundle;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Hole hole;

    /** Exactly one of the two ways to give the hole. */
    static final class Hole {
        @Option(names = "--mask", paramLabel = "PNG", required = true,
                description = "Mask picture of the bundle's size: white (>= 128) = unknown, black = known.")
        Path mask;

        @Option(names = "--box", paramLabel = "x,y,w,h", required = true,
                description = "Unknown rectangle in the bundle's pixels: left, top, width, height.")
        String box;
    }

    @Option(names = "--rounds", paramLabel = "K", defaultValue = "1",
            description = "Encode-decode-paste rounds, 1 to " + Inpainting.MAX_ROUNDS
                    + " (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Directory for the results, created if missing (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Images to inpaint.")
    private List<Path> images;

    @Override
    public Integer call() throws IOException {
        if (rounds < 1 || rounds > Inpainting.MAX_ROUNDS) {
            throw new IllegalArgumentException("--rounds must be between 1 and " + Inpainting.MAX_ROUNDS + ", got "
                    + rounds);
        }
        Map<Path, Path> targets = InputImages.outputs(images, out, "-inpainted.png");
        try (OnnxLatentModel model = bundle.load()) {
            ImageSpec imageSpec = model.manifest().image();
            Mask mask = hole.mask != null ? MaskFiles.read(hole.mask, imageSpec.height(), imageSpec.width())
                    : MaskFiles.box(hole.box, "--box", imageSpec.height(), imageSpec.width());
            Files.createDirectories(out);
            for (List<Path> chunk : InputImages.batches(List.copyOf(targets.keySet()))) {
                ImageTensor filled = Inpainting.inpaint(model, ImageFiles.read(chunk, imageSpec), mask, rounds);
                for (int i = 0; i < chunk.size(); i++) {
                    Path target = targets.get(chunk.get(i));
                    ImageFiles.writePng(filled, i, imageSpec, target);
                    spec.commandLine().getOut().println("wrote " + target);
                }
                spec.commandLine().getOut().flush();
            }
        }
        return 0;
    }
}
