package dev.ali4j.cli;

import dev.ali4j.api.BundleManifest;
import dev.ali4j.trainer.export.BundleExporter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ali export}: checkpoint to ONNX model bundle. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a trained model to a bundle directory: encoder.onnx (image -> mu, log_sigma), "
                + "generator.onnx (z -> image) and manifest.json (training provenance and SHA-256 of each file).")
public final class ExportCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "DIR",
            description = "Run directory written by 'ali train' (or its checkpoint.ali4j file).")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Bundle directory to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        BundleManifest manifest = BundleExporter.export(run, out);
        System.out.println("Wrote bundle " + out.toAbsolutePath());
        manifest.files().forEach((file, sha) -> System.out.println("  " + file + "  sha256 " + sha));
        System.out.println("  " + BundleManifest.FILE_NAME);
        return 0;
    }
}
