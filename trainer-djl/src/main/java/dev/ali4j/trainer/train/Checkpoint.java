package dev.ali4j.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ali4j.trainer.arch.AliNetworks;
import dev.ali4j.trainer.optim.Adam;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A training checkpoint: the run's configuration and progress, the three networks, and both
 * optimizers' state, in one file that is written atomically (temporary file, then rename), so a
 * crash leaves either the previous checkpoint or the new one, never half of one.
 */
public final class Checkpoint {

    /** File name inside a run directory. */
    public static final String FILE_NAME = "checkpoint.ali4j";

    private static final String MAGIC = "ali4j-checkpoint";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {}

    /**
     * What a checkpoint says about its run.
     *
     * @param config the training configuration
     * @param dataset description of the training data
     * @param epoch completed epochs
     * @param step completed steps
     */
    public record Header(TrainingConfig config, String dataset, int epoch, long step) {}

    /** Writes {@code file} atomically. */
    public static void write(Path file, Header header, AliNetworks networks, Adam dOptimizer, Adam geOptimizer)
            throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream raw = Files.newOutputStream(tmp);
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw))) {
                out.writeUTF(MAGIC);
                out.writeInt(VERSION);
                out.writeUTF(JSON.writeValueAsString(header));
                networks.save(out);
                dOptimizer.save(out);
                geOptimizer.save(out);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads only the header, e.g. to know which architecture to build before loading. */
    public static Header readHeader(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            return readHeader(file, in);
        }
    }

    /** Loads the networks (and the optimizers' state when they are not null) from {@code file}. */
    public static Header load(Path file, AliNetworks networks, ai.djl.ndarray.NDManager manager, Adam dOptimizer,
            Adam geOptimizer) throws IOException {
        try (DataInputStream in = open(file)) {
            Header header = readHeader(file, in);
            networks.load(manager, in);
            if (dOptimizer != null) {
                dOptimizer.load(in);
                geOptimizer.load(in);
            }
            return header;
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": checkpoint is truncated", e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        try {
            InputStream raw = Files.newInputStream(file);
            return new DataInputStream(new BufferedInputStream(raw));
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no checkpoint there (train first, or point at a run directory)", e);
        }
    }

    private static Header readHeader(Path file, DataInputStream in) throws IOException {
        String magic;
        try {
            magic = in.readUTF();
        } catch (IOException e) {
            throw new IOException(file + ": not an ali4j checkpoint", e);
        }
        if (!MAGIC.equals(magic)) {
            throw new IOException(file + ": not an ali4j checkpoint");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException(file + ": checkpoint version " + version + " is not supported (supports " + VERSION + ")");
        }
        return JSON.readValue(in.readUTF(), Header.class);
    }
}
