package dev.ali4j.cli;

import dev.ali4j.api.AtomicFiles;
import dev.ali4j.api.BundleKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ali keygen}: a new key pair for signing bundles, as two PEM files in one directory:
 * {@value #PRIVATE_FILE} (for {@code ali sign}) and {@value #PUBLIC_FILE} (for
 * {@code --trusted-key}). Never overwrites a key.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Writes a new ECDSA P-256 key pair for signing bundles: DIR/" + KeygenCommand.PRIVATE_FILE
                + " (PKCS#8, readable only by you; for ali sign --key) and DIR/" + KeygenCommand.PUBLIC_FILE
                + " (for --trusted-key of ali serve and the other runtime commands). Refuses to overwrite "
                + "existing keys. OpenSSL reads and writes the same files."},
        exitCodeOnInvalidInput = Cli.EXIT_ERROR)
public final class KeygenCommand implements Callable<Integer> {
    /** The private key's file name in the output directory. */
    public static final String PRIVATE_FILE = "private-key.pem";
    /** The public key's file name in the output directory. */
    public static final String PUBLIC_FILE = "public-key.pem";

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Directory for the two key files; created if missing.")
    private Path out;

    @Override
    public Integer call() throws IOException {
        Path privateFile = out.resolve(PRIVATE_FILE);
        Path publicFile = out.resolve(PUBLIC_FILE);
        for (Path file : new Path[] {privateFile, publicFile}) {
            refuseExisting(file);
        }
        Files.createDirectories(out);
        KeyPair pair = BundleKeys.generate();
        boolean ownerOnly = writeNew(privateFile, BundleKeys.pem(pair.getPrivate()), true);
        try {
            writeNew(publicFile, BundleKeys.pem(pair.getPublic()), false);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(privateFile); // half a pair is no use; no one has its public key yet
            throw e;
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("Wrote " + privateFile + ": the private key, "
                + (ownerOnly ? "readable only by you" : "on a file system without POSIX permissions: restrict "
                        + "access to it yourself") + ". Keep it secret: it signs bundles (ali sign --key).");
        stdout.println("Wrote " + publicFile + ": the public key, to give to ali serve --trusted-key.");
        stdout.flush();
        return 0;
    }

    private static void refuseExisting(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + ": exists; ali keygen never overwrites a key (move it away or choose "
                    + "another --out)");
        }
    }

    /**
     * Creates {@code file}, failing if it exists, with permissions rw------- from the start when
     * {@code ownerOnly} and the file system has POSIX permissions.
     *
     * @return whether the file was made readable by its owner only
     */
    private static boolean writeNew(Path file, String pem, boolean ownerOnly) throws IOException {
        boolean posix = Files.getFileStore(AtomicFiles.parentOf(file))
                .supportsFileAttributeView(PosixFileAttributeView.class);
        FileAttribute<?>[] attributes = ownerOnly && posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(file,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
            ByteBuffer bytes = ByteBuffer.wrap(pem.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (FileAlreadyExistsException e) { // created since the check above
            refuseExisting(file);
            throw e;
        }
        return ownerOnly && posix;
    }
}
