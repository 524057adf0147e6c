package dev.ali4j.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ali4j.api.AtomicFiles;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.Latents;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.image.ImageFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
 * {@code ali encode}: the latent codes of images, one JSON object per line,
 * {@code {"file": "a.png", "mu": [...], "log_sigma": [...]}} ({@code log_sigma} only when the
 * bundle's encoder has it), on stdout or into {@code --out}. Exit code 0 on success, 2 with one
 * line on stderr otherwise.
 *
 * <pre>{@code
 * int exit = Cli.commandLine(new EncodeCommand()).execute("--bundle", "bundle", "a.png", "b.png");
 * }</pre>
 */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {
            "Encodes images with a bundle's encoder and prints one JSON line per IMAGE:",
            "{\"file\": ..., \"mu\": [...], \"log_sigma\": [...]} (log_sigma if the encoder has it).",
            "Images are converted and resized to the bundle's shape as for reconstruct."},
        exitCodeOnInvalidInput = Cli.EXIT_ERROR)
public final class EncodeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private BundleOptions bundle;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the JSON lines to FILE (atomically) instead of stdout.")
    private Path out;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Images to encode.")
    private List<Path> images;

    @Override
    public Integer call() throws IOException {
        try (OnnxLatentModel model = bundle.load()) {
            ImageSpec imageSpec = model.manifest().image();
            ObjectMapper json = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            for (List<Path> chunk : InputImages.batches(images)) {
                Latents codes = model.encode(ImageFiles.read(chunk, imageSpec));
                for (int i = 0; i < chunk.size(); i++) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("file", chunk.get(i).toString());
                    line.put("mu", row(codes.mu(), i, codes.d()));
                    if (codes.logSigma() != null) {
                        line.put("log_sigma", row(codes.logSigma(), i, codes.d()));
                    }
                    json.writeValue(lines, line);
                    lines.write('\n');
                }
            }
            if (out == null) {
                PrintWriter stdout = spec.commandLine().getOut();
                stdout.print(lines.toString(StandardCharsets.UTF_8));
                stdout.flush();
            } else {
                Cli.parentDirectories(out);
                AtomicFiles.write(out, lines::writeTo);
            }
            return 0;
        }
    }

    private static float[] row(float[] values, int i, int d) {
        float[] r = new float[d];
        System.arraycopy(values, i * d, r, 0, d);
        return r;
    }
}
