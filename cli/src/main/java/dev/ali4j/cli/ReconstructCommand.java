package dev.ali4j.cli;

import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.image.ImageFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ali reconstruct}: encodes images with a bundle's encoder, decodes the mean codes with its
 * generator, and writes {@code <name>-reconstruction.png} for each input. Exit code 0 on success,
 * 2 on a usage error or a bad bundle or image, with one line on stderr.
 *
 * <pre>{@code
 * int exit = Cli.commandLine(new ReconstructCommand())
 *         .execute("--bundle", "bundles/mnist", "--out", "out", "digit.png");
 * }</pre>
 */
@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = {
            "Reconstructs images through a bundle: x -> G(E(x)), decoding the encoder's mean code.",
            "Writes <name>-reconstruction.png into --out for each IMAGE and prints each file written.",
            "Images are converted to the bundle's channels and, if their size differs, scaled so that "
                    + "they cover the bundle's size (bilinear) and centre-cropped."},
        exitCodeOnInvalidInput = Cli.EXIT_ERROR)
public final class ReconstructCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private BundleOptions bundle;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Directory for the reconstructions, created if missing (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Parameters(paramLabel = "IMAGE", arity = "1..*",
            description = "Images to reconstruct: PNG, JPEG, BMP, GIF, WebP or TIFF.")
    private List<Path> images;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        Map<Path, Path> targets = InputImages.outputs(images, out, "-reconstruction.png");
        try (OnnxLatentModel model = bundle.load()) {
            Files.createDirectories(out);
            ImageSpec imageSpec = model.manifest().image();
            for (List<Path> chunk : InputImages.batches(List.copyOf(targets.keySet()))) {
                ImageTensor reconstructions = model.reconstruct(ImageFiles.read(chunk, imageSpec));
                for (int i = 0; i < chunk.size(); i++) {
                    Path target = targets.get(chunk.get(i));
                    ImageFiles.writePng(reconstructions, i, imageSpec, target);
                    stdout.println("wrote " + target);
                }
                stdout.flush();
            }
        }
        return 0;
    }
}
