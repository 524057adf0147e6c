package dev.ali4j.cli;

import dev.ali4j.api.BundleManifest;
import dev.ali4j.trainer.export.BundleExporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ali export}: checkpoint to ONNX model bundle. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a trained model to a bundle directory: encoder.onnx (image -> mu, log_sigma), "
                + "generator.onnx (z -> image, for codes from the encoder), sampler.onnx (the same generator measured on "
                + "codes from the prior, for new images) and manifest.json (training provenance and SHA-256 of each file).")
public final class ExportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR",
            description = "Run directory written by 'ali train' (or its checkpoint.ali4j file).")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Bundle directory to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        BundleManifest manifest = BundleExporter.export(run, out);
        stdout.println("Wrote bundle " + out.toAbsolutePath());
        manifest.files().forEach((file, sha) -> stdout.println("  " + file + "  sha256 " + sha));
        stdout.println("  " + BundleManifest.FILE_NAME);
        return 0;
    }
}
