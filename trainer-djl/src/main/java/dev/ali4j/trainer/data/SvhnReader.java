package dev.ali4j.trainer.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.MatlabType;

/**
 * Reads SVHN's cropped digits (format 2): {@code train_32x32.mat} (73,257 images) and {@code
 * test_32x32.mat} (26,032), MATLAB v5 MAT-files read with MFL ({@code us.hebi.matlab.mat}). Each
 * holds {@code X}, uint8 of shape 32 x 32 x 3 x N (row, column, RGB, image; MATLAB's
 * column-major order), and {@code y}, N x 1 labels 1..10 where 10 stands for the digit 0. The
 * images become NCHW and the labels digits: label 10 becomes 0, the others stay. {@code
 * extra_32x32.mat} is not read.
 *
 * <pre>{@code
 * DataSplits svhn = SvhnReader.readDirectory(Path.of("/data/svhn"));
 * ImageSet test = SvhnReader.read(Path.of("/data/svhn/test_32x32.mat"));
 * }</pre>
 *
 * <p>A file that is not a MAT v5 file (or is truncated or corrupt), lacks {@code X} or {@code y},
 * or has them in another type or shape throws {@link DataFileException} naming the file and the
 * fault; a missing file throws {@link NoSuchFileException}.
 */
public final class SvhnReader {
    static final String TRAIN_FILE = "train_32x32.mat";
    static final String TEST_FILE = "test_32x32.mat";
    static final String IMAGES = "X";
    static final String LABELS = "y";
    static final int CHANNELS = 3;
    /** SVHN's label for the digit 0. */
    static final int ZERO_LABEL = 10;
    private static final int HEADER_BYTES = 128;
    private static final String FORMAT = "SVHN format 2 files hold X (H x W x 3 x N uint8 images, 32 x 32 in SVHN)"
            + " and y (N x 1 labels 1..10)";

    private SvhnReader() {
    }

    /**
     * Reads {@code train_32x32.mat} and {@code test_32x32.mat} from {@code dir}.
     *
     * @throws NoSuchFileException naming the directory and the missing files
     * @throws DataFileException naming a malformed file and its fault
     */
    public static DataSplits readDirectory(Path dir) throws IOException {
        String layout = "an SVHN directory holds " + TRAIN_FILE + " and " + TEST_FILE + " (format 2, cropped digits)";
        DataFiles.requireDirectory(dir, "svhn:DIR takes the folder where " + layout.substring(3));
        DataFiles.requireFiles(dir, List.of(TRAIN_FILE, TEST_FILE), layout);
        ImageSet train = read(dir.resolve(TRAIN_FILE));
        ImageSet test = read(dir.resolve(TEST_FILE));
        String description = String.format("svhn (%s, %d train / %d test)", dir, train.size(), test.size());
        return new DataSplits(train, test, description);
    }

    /** Reads one SVHN MAT-file into a labelled NCHW set named after the path. */
    public static ImageSet read(Path file) throws IOException {
        String name = file.toString();
        checkHeader(file);
        try (MatFile mat = open(file)) {
            Matrix x = variable(mat, IMAGES, name);
            Matrix y = variable(mat, LABELS, name);
            int[] dims = x.getDimensions();
            // MATLAB drops trailing singleton dimensions: one image is H x W x 3.
            if (x.getType() != MatlabType.UInt8 || x.isComplex()) {
                throw new DataFileException(name, "X is " + describe(x) + ", expected uint8 (" + FORMAT + ")");
            }
            if (!(dims.length == 4 || dims.length == 3) || dims[2] != CHANNELS || x.getNumElements() == 0) {
                throw new DataFileException(name, "X has shape " + shape(dims)
                        + ", expected H x W x 3 x N with N >= 1 (" + FORMAT + ")");
            }
            int height = dims[0];
            int width = dims[1];
            int count = dims.length == 4 ? dims[3] : 1;
            return new ImageSet(name, CHANNELS, height, width, toNchw(x, count, height, width),
                    labels(y, count, name));
        } catch (RuntimeException e) {
            // MFL reports malformed contents with unchecked exceptions as it decodes them.
            throw new DataFileException(name, "corrupt MAT-file (" + e + ")", e);
        }
    }

    /** MATLAB's X(r, c, ch, n), column-major, to NCHW bytes. */
    private static byte[] toNchw(Matrix x, int count, int height, int width) {
        int plane = height * width;
        byte[] pixels = new byte[Math.multiplyExact(count, CHANNELS * plane)];
        int source = 0; // column-major: r varies fastest, then c, ch, n
        for (int n = 0; n < count; n++) {
            for (int ch = 0; ch < CHANNELS; ch++) {
                int base = (n * CHANNELS + ch) * plane;
                for (int c = 0; c < width; c++) {
                    for (int r = 0; r < height; r++) {
                        pixels[base + r * width + c] = x.getByte(source++);
                    }
                }
            }
        }
        return pixels;
    }

    private static int[] labels(Matrix y, int count, String name) throws DataFileException {
        int[] dims = y.getDimensions();
        boolean vector = dims.length == 2 && (dims[0] == 1 || dims[1] == 1);
        if (y.isComplex() || y.isLogical() || !vector || y.getNumElements() != count) {
            throw new DataFileException(name, "y is " + describe(y) + ", expected " + count
                    + " x 1 labels, one per image of X (" + FORMAT + ")");
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            double value = y.getDouble(i);
            if (value < 1 || value > ZERO_LABEL || value != Math.rint(value)) {
                String shown = value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
                throw new DataFileException(name, "y(" + (i + 1) + ") is " + shown
                        + ", expected a label 1..10 (10 for the digit 0)");
            }
            labels[i] = (int) value % ZERO_LABEL;
        }
        return labels;
    }

    /**
     * Recognises what MFL would report obscurely: a file too short for a header, and MAT v7.3
     * files, which are HDF5 inside (MFL and this reader take v5 up to v7, as SVHN's files are).
     */
    private static void checkHeader(Path file) throws IOException {
        byte[] header;
        try (InputStream in = Files.newInputStream(file)) {
            header = in.readNBytes(HEADER_BYTES);
        } catch (NoSuchFileException e) {
            throw DataFiles.noSuchFile(file, "MAT file", e);
        }
        String text = new String(header, StandardCharsets.US_ASCII);
        if (text.startsWith("MATLAB 7.3")) {
            throw new DataFileException(file.toString(), "MAT v7.3 (HDF5) file, which this reader does not take;"
                    + " SVHN's own files are MAT v5: re-save with MATLAB's save -v7 or scipy.io.savemat");
        }
        if (header.length < HEADER_BYTES) {
            throw new DataFileException(file.toString(), "truncated: a MAT-file header is " + HEADER_BYTES
                    + " bytes but the file holds only " + header.length);
        }
    }

    private static MatFile open(Path file) throws IOException {
        try {
            return Mat5.readFromFile(file.toFile());
        } catch (IOException | RuntimeException e) {
            Throwable reason = e.getCause() != null ? e.getCause() : e;
            if (reason instanceof EOFException) {
                throw new DataFileException(file.toString(), "truncated: the file ends inside a variable", e);
            }
            String detail = reason.getMessage() != null ? reason.getMessage() : reason.getClass().getSimpleName();
            throw new DataFileException(file.toString(), "not a MAT v5 file, or corrupt (" + detail + ")", e);
        }
    }

    private static Matrix variable(MatFile mat, String variable, String name) throws DataFileException {
        List<String> names = new ArrayList<>();
        for (MatFile.Entry entry : mat.getEntries()) {
            names.add(entry.getName());
            if (entry.getName().equals(variable)) {
                if (entry.getValue() instanceof Matrix matrix) {
                    return matrix;
                }
                throw new DataFileException(name, variable + " is " + describe(entry.getValue())
                        + ", expected a numeric array (" + FORMAT + ")");
            }
        }
        throw new DataFileException(name, "no variable " + variable + " (the file holds "
                + (names.isEmpty() ? "no variables" : String.join(", ", names)) + "; " + FORMAT + ")");
    }

    private static String describe(Array array) {
        boolean complex = array instanceof Matrix matrix && matrix.isComplex();
        String type = (complex ? "complex " : "") + array.getType();
        return type + " of shape " + shape(array.getDimensions());
    }

    private static String shape(int[] dims) {
        return Arrays.stream(dims).mapToObj(String::valueOf).collect(Collectors.joining(" x "));
    }
}
