package dev.ali4j.cli;

import dev.ali4j.api.BundleKeys;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.BundleSignature;
import dev.ali4j.api.Bundles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ali sign}: verifies a bundle, then signs its manifest ({@link Bundles#sign}). */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Verifies the bundle's checksums, then writes DIR/" + BundleSignature.FILE_NAME + ": the "
                + BundleSignature.ALGORITHM + " signature of its manifest.json, which holds every file's SHA-256. "
                + "Runtime commands given --trusted-key load only bundles signed by a trusted key. Sign again after "
                + "anything rewrites the manifest (ali calibrate)."},
        exitCodeOnInvalidInput = Cli.EXIT_ERROR)
public final class SignCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "Bundle directory to sign.")
    private Path bundle;

    @Option(names = "--key", required = true, paramLabel = "PRIVATE.pem",
            description = "PEM private key (PKCS#8, P-256), e.g. " + KeygenCommand.PRIVATE_FILE + " from ali keygen.")
    private Path key;

    @Override
    public Integer call() throws IOException {
        BundleManifest signed = Bundles.sign(bundle, BundleKeys.readPrivateKey(key));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("Signed " + bundle.resolve(BundleManifest.FILE_NAME) + " (" + signed.files().size()
                + " files by their SHA-256): " + bundle.resolve(BundleSignature.FILE_NAME));
        stdout.flush();
        return 0;
    }
}
