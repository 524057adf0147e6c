package dev.ali4j.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ali4j.api.AtomicFiles;
import ai.djl.ndarray.NDManager;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.arch.Presets;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A training checkpoint: the run's configuration and progress and its {@link TrainingState}
 * (networks, optimizers, weight average), in one file that is written atomically (temporary file, then rename), so a
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
     * @param fingerprint {@code LatentNetworks.fingerprint()} of the networks saved
     * @param featureSize length of the frozen model's features D was built for (0: none)
     */
    public record Header(TrainingConfig config, String dataset, int epoch, long step, String fingerprint,
            int featureSize) {}

    /** Writes {@code file} atomically. */
    public static void write(Path file, Header header, TrainingState state) throws IOException {
        Files.createDirectories(AtomicFiles.parentOf(file));
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(JSON.writeValueAsString(header));
            state.save(out);
            out.flush();
        });
    }

    /** Reads only the header, e.g. to know which architecture to build before loading. */
    public static Header readHeader(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            return readHeader(file, in);
        }
    }

    /** Loads a whole training state written for the same architecture and configuration. */
    public static Header load(Path file, TrainingState state, NDManager manager) throws IOException {
        try (DataInputStream in = open(file)) {
            Header header = readHeader(file, in);
            String expected = state.networks().fingerprint();
            if (!expected.equals(header.fingerprint())) {
                throw new IOException(file + ": written for a different version of architecture "
                        + header.config().architecture() + " (parameter shapes " + header.fingerprint() + ", this ali4j builds "
                        + expected + "); retrain, or use the ali4j version that wrote it");
            }
            state.load(manager, in);
            return header;
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": checkpoint is truncated", e);
        }
    }

    /**
     * The networks to use for inference and export: D as trained, E and G with their averaged
     * weights (see {@code WeightAverage}).
     */
    public static LatentNetworks loadForInference(Path file, NDManager manager) throws IOException {
        Header header = readHeader(file);
        TrainingState state = new TrainingState(Presets.byName(header.config().architecture()), header.config(),
                header.featureSize(), manager);
        load(file, state, manager);
        state.average().swap();
        return state.networks();
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
