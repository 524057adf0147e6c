package dev.ali4j.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads CIFAR-10's binary version: {@code data_batch_1.bin} to {@code data_batch_5.bin} (the
 * training split, 50,000 images) and {@code test_batch.bin} (10,000). Each file is a sequence of
 * 3073-byte records: one label byte (0..9) and 3072 pixel bytes, the 32x32 red plane, then green,
 * then blue, each row by row; so a record's pixels are already one CHW image.
 *
 * <pre>{@code
 * DataSplits cifar = Cifar10Reader.readDirectory(Path.of("cifar-10-batches-bin"));
 * ImageSet one = Cifar10Reader.readBatches(List.of(Path.of("test_batch.bin")));
 * }</pre>
 *
 * <p>A file whose size is not a whole number of records, or with a label above 9, throws
 * {@link DataFileException} naming the file and the fault; a missing one throws
 * {@link NoSuchFileException}.
 */
public final class Cifar10Reader {
    static final int CHANNELS = 3;
    static final int SIDE = 32;
    static final int PIXEL_BYTES = CHANNELS * SIDE * SIDE;
    static final int RECORD_BYTES = 1 + PIXEL_BYTES;
    static final int CLASSES = 10;
    static final List<String> TRAIN_FILES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    static final String TEST_FILE = "test_batch.bin";
    /** The folder that CIFAR-10's archive unpacks to; looked for inside the given directory too. */
    static final String ARCHIVE_FOLDER = "cifar-10-batches-bin";

    private Cifar10Reader() {
    }

    /**
     * Reads both splits from {@code dir}, or from {@code dir/cifar-10-batches-bin} if {@code dir}
     * itself holds no batch files (the archive's folder).
     *
     * @throws NoSuchFileException naming the directory and the missing files
     * @throws DataFileException naming a malformed file and its fault
     */
    public static DataSplits readDirectory(Path dir) throws IOException {
        DataFiles.requireDirectory(dir, "cifar10:DIR takes the folder holding " + layout());
        Path batches = dir;
        if (!Files.exists(dir.resolve(TEST_FILE)) && Files.isDirectory(dir.resolve(ARCHIVE_FOLDER))) {
            batches = dir.resolve(ARCHIVE_FOLDER);
        }
        List<String> all = new ArrayList<>(TRAIN_FILES);
        all.add(TEST_FILE);
        DataFiles.requireFiles(batches, all, "a CIFAR-10 directory holds " + layout());
        List<Path> trainFiles = TRAIN_FILES.stream().map(batches::resolve).toList();
        ImageSet train = readBatches(trainFiles, batches.resolve("data_batch_{1..5}.bin").toString());
        ImageSet test = readBatches(List.of(batches.resolve(TEST_FILE)));
        String description = String.format("cifar10 (%s, %d train / %d test)", batches, train.size(), test.size());
        return new DataSplits(train, test, description);
    }

    /** Reads batch files into one labelled 3x32x32 set, in the order given, named after the first. */
    public static ImageSet readBatches(List<Path> files) throws IOException {
        return readBatches(files, files.isEmpty() ? "" : files.get(0).toString());
    }

    private static ImageSet readBatches(List<Path> files, String name) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no CIFAR-10 batch files given");
        }
        List<byte[]> contents = new ArrayList<>();
        long records = 0;
        for (Path file : files) {
            byte[] bytes = readChecked(Objects.requireNonNull(file, "file"));
            contents.add(bytes);
            records += bytes.length / RECORD_BYTES;
            if (records * PIXEL_BYTES > IdxReader.MAX_BODY_BYTES) {
                throw new DataFileException(file.toString(), "too many images: " + records
                        + " CIFAR-10 records so far do not fit in one Java array");
            }
        }
        byte[] pixels = new byte[Math.toIntExact(records * PIXEL_BYTES)];
        int[] labels = new int[(int) records];
        int image = 0;
        for (byte[] bytes : contents) {
            for (int offset = 0; offset < bytes.length; offset += RECORD_BYTES, image++) {
                labels[image] = bytes[offset];
                System.arraycopy(bytes, offset + 1, pixels, image * PIXEL_BYTES, PIXEL_BYTES);
            }
        }
        return new ImageSet(name, CHANNELS, SIDE, SIDE, pixels, labels);
    }

    /** The file's bytes, after checking that they are whole records with labels 0..9. */
    private static byte[] readChecked(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw DataFiles.noSuchFile(file, "CIFAR-10 batch file", e);
        }
        if (bytes.length == 0) {
            throw new DataFileException(file.toString(), "empty file; a CIFAR-10 batch holds "
                    + RECORD_BYTES + "-byte records (1 label byte + " + PIXEL_BYTES + " pixel bytes)");
        }
        if (bytes.length % RECORD_BYTES != 0) {
            String fault = String.format("truncated or wrong size: %d bytes is not a whole number of %d-byte records"
                    + " (1 label byte + %d pixel bytes); %d whole records and %d bytes over",
                    bytes.length, RECORD_BYTES, PIXEL_BYTES, bytes.length / RECORD_BYTES, bytes.length % RECORD_BYTES);
            if (bytes.length % (RECORD_BYTES + 1) == 0) {
                fault += "; its size fits CIFAR-100's 3074-byte records, which this reader does not take";
            }
            throw new DataFileException(file.toString(), fault);
        }
        for (int offset = 0; offset < bytes.length; offset += RECORD_BYTES) {
            int label = bytes[offset] & 0xFF;
            if (label >= CLASSES) {
                throw new DataFileException(file.toString(), String.format(
                        "record %d (byte %d): label %d, expected 0..%d; not a CIFAR-10 batch, or corrupt",
                        offset / RECORD_BYTES, offset, label, CLASSES - 1));
            }
        }
        return bytes;
    }

    private static String layout() {
        return String.join(", ", TRAIN_FILES) + " and " + TEST_FILE + " (the binary version)";
    }
}
