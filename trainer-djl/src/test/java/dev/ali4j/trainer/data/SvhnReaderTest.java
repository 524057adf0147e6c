package dev.ali4j.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.MatlabType;

/** Writes real MAT v5 files with MFL, in SVHN's layout, and reads them back. */
class SvhnReaderTest {
    @TempDir
    Path dir;

    static int value(int image, int channel, int row, int col) {
        return (image * 37 + channel * 80 + row * 5 + col * 3) & 0xFF;
    }

    /** X: uint8 of rows x cols x 3 x n, X(r, c, ch, i) = value(i, ch, r, c), as MATLAB indexes it. */
    static Matrix images(int n, int rows, int cols) {
        Matrix x = Mat5.newMatrix(new int[] {rows, cols, 3, n}, MatlabType.UInt8);
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < 3; ch++) {
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        x.setByte(new int[] {r, c, ch, i}, (byte) value(i, ch, r, c));
                    }
                }
            }
        }
        return x;
    }

    /** y: n x 1 of the given type. */
    static Matrix labels(MatlabType type, int... values) {
        Matrix y = Mat5.newMatrix(values.length, 1, type);
        for (int i = 0; i < values.length; i++) {
            y.setDouble(i, values[i]);
        }
        return y;
    }

    static Path write(Path file, MatFile mat) throws IOException {
        Mat5.writeToFile(mat, file.toFile());
        return file;
    }

    static Path writeSvhn(Path file, int n, int... labels) throws IOException {
        return write(file, Mat5.newMatFile().addArray("X", images(n, 32, 32))
                .addArray("y", labels(MatlabType.Double, labels)));
    }

    @Test
    void readsXAsNchwAndTurnsLabelTenIntoZero() throws IOException {
        Path file = writeSvhn(dir.resolve("train_32x32.mat"), 5, 10, 1, 2, 9, 10);

        ImageSet set = SvhnReader.read(file);

        assertEquals(5, set.size());
        assertEquals(3, set.channels());
        assertEquals(32, set.height());
        assertEquals(32, set.width());
        assertArrayEquals(new int[] {0, 1, 2, 9, 0}, set.labels());
        Pixels.assertEveryPixel(SvhnReaderTest::value, set);
        assertEquals(file.toString(), set.name());
    }

    @Test
    void rowsAndColumnsAreNotSwappedInNonSquareImages() throws IOException {
        Path file = write(dir.resolve("wide.mat"), Mat5.newMatFile().addArray("X", images(2, 4, 6))
                .addArray("y", labels(MatlabType.UInt8, 3, 4)));

        ImageSet set = SvhnReader.read(file);

        assertEquals(4, set.height());
        assertEquals(6, set.width());
        Pixels.assertEveryPixel(SvhnReaderTest::value, set);
    }

    @Test
    void oneImageFileWhoseTrailingDimensionMatlabDropsIsRead() throws IOException {
        Matrix x = images(1, 32, 32);
        Matrix threeD = Mat5.newMatrix(new int[] {32, 32, 3}, MatlabType.UInt8);
        for (int k = 0; k < x.getNumElements(); k++) {
            threeD.setByte(k, x.getByte(k));
        }
        Path file = write(dir.resolve("one.mat"), Mat5.newMatFile().addArray("X", threeD)
                .addArray("y", labels(MatlabType.Double, 7)));

        ImageSet set = SvhnReader.read(file);

        assertEquals(1, set.size());
        assertEquals(7, set.label(0));
        assertEquals(value(0, 2, 31, 0), set.pixel(0, 2, 31, 0));
    }

    @Test
    void readsTheDirectoryOfTrainAndTestFiles() throws IOException {
        writeSvhn(dir.resolve(SvhnReader.TRAIN_FILE), 3, 1, 2, 3);
        writeSvhn(dir.resolve(SvhnReader.TEST_FILE), 2, 10, 5);

        DataSplits data = SvhnReader.readDirectory(dir);

        assertEquals(3, data.train().size());
        assertArrayEquals(new int[] {0, 5}, data.test().labels());
        assertEquals("svhn (" + dir + ", 3 train / 2 test)", data.description());
    }

    @Test
    void directoryWithoutTheTestFileSaysSo() throws IOException {
        writeSvhn(dir.resolve(SvhnReader.TRAIN_FILE), 1, 1);

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> SvhnReader.readDirectory(dir));

        assertTrue(e.getMessage().startsWith(dir + ": no test_32x32.mat (an SVHN directory holds"), e.getMessage());
    }

    @Test
    void fileWithoutXListsTheVariablesItHolds() throws IOException {
        Path file = write(dir.resolve("noX.mat"), Mat5.newMatFile().addArray("images", images(1, 2, 2))
                .addArray("y", labels(MatlabType.Double, 1)));

        DataFileException e = assertThrows(DataFileException.class, () -> SvhnReader.read(file));

        assertEquals(file.toString(), e.source());
        assertTrue(e.getMessage().startsWith(file + ": no variable X (the file holds images, y; SVHN format 2"),
                e.getMessage());
    }

    @Test
    void fileWithoutYIsRefused() throws IOException {
        Path file = write(dir.resolve("noY.mat"), Mat5.newMatFile().addArray("X", images(1, 2, 2)));

        DataFileException e = assertThrows(DataFileException.class, () -> SvhnReader.read(file));

        assertTrue(e.getMessage().startsWith(file + ": no variable y (the file holds X;"), e.getMessage());
    }

    @Test
    void xWithFourChannelsIsAWrongShape() throws IOException {
        Path file = write(dir.resolve("rgba.mat"), Mat5.newMatFile()
                .addArray("X", Mat5.newMatrix(new int[] {32, 32, 4, 2}, MatlabType.UInt8))
                .addArray("y", labels(MatlabType.Double, 1, 2)));

        DataFileException e = assertThrows(DataFileException.class, () -> SvhnReader.read(file));

        assertTrue(e.getMessage().startsWith(file + ": X has shape 32 x 32 x 4 x 2, expected H x W x 3 x N"),
                e.getMessage());
    }

    @Test
    void twoDimensionalXIsAWrongShape() throws IOException {
        Path file = write(dir.resolve("flat.mat"), Mat5.newMatFile()
                .addArray("X", Mat5.newMatrix(5, 3072, MatlabType.UInt8))
                .addArray("y", labels(MatlabType.Double, 1, 2, 3, 4, 5)));

        DataFileException e = assertThrows(DataFileException.class, () -> SvhnReader.read(file));

        assertTrue(e.getMessage().contains("X has shape 5 x 3072, expected H x W x 3 x N"), e.getMessage());
    }

    @Test
    void xOfDoublesIsTheWrongType() throws IOException {
        Path file = write(dir.resolve("double.mat"), Mat5.newMatFile()
                .addArray("X", Mat5.newMatrix(new int[] {2, 2, 3, 1}, MatlabType.Double))
                .addArray("y", labels(MatlabType.Double, 1)));

        DataFileException e = assertThrows(DataFileException.class, () -> SvhnReader.read(file));

        assertTrue(e.getMessage().startsWith(file + ": X is double of shape 2 x 2 x 3 x 1, expected uint8"),
                e.getMessage());
    }

    @Test
    void labelCountMustMatchTheImages() throws IOException {
        Path file = write(dir.resolve("short-y.mat"), Mat5.newMatFile().addArray("X", images(3, 2, 2))
                .addArray("y", labels(MatlabType.Double, 1, 2)));

        DataFileException e = assertThrows(DataFileException.class, () -> SvhnReader.read(file));

        assertTrue(e.getMessage().startsWith(file + ": y is double of shape 2 x 1, expected 3 x 1 labels"),
                e.getMessage());
    }

    @Test
    void labelOutsideOneToTenIsRefused() throws IOException {
        Path file = write(dir.resolve("zero.mat"), Mat5.newMatFile().addArray("X", images(2, 2, 2))
                .addArray("y", labels(MatlabType.Double, 3, 0)));

        DataFileException e = assertThrows(DataFileException.class, () -> SvhnReader.read(file));

        assertEquals(file + ": y(2) is 0, expected a label 1..10 (10 for the digit 0)", e.getMessage());
    }

    @Test
    void truncatedFileIsReportedAsCorrupt() throws IOException {
        Path whole = writeSvhn(dir.resolve("whole.mat"), 2, 1, 2);
        byte[] bytes = Files.readAllBytes(whole);
        Path file = Files.write(dir.resolve("truncated.mat"), Arrays.copyOf(bytes, bytes.length - 500));

        DataFileException e = assertThrows(DataFileException.class, () -> SvhnReader.read(file));

        assertEquals(file + ": truncated: the file ends inside a variable", e.getMessage());
    }

    @Test
    void textFileIsNotAMatFile() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.mat"), "not a MAT-file\n".repeat(20));

        DataFileException e = assertThrows(DataFileException.class, () -> SvhnReader.read(file));

        assertTrue(e.getMessage().startsWith(file + ": not a MAT v5 file, or corrupt ("), e.getMessage());
    }

    @Test
    void corruptCompressedDataIsReported() throws IOException {
        byte[] bytes = Files.readAllBytes(writeSvhn(dir.resolve("whole.mat"), 2, 1, 2));
        for (int i = 200; i < bytes.length; i += 3) {
            bytes[i] = 0x7f;
        }
        Path file = Files.write(dir.resolve("corrupt.mat"), bytes);

        DataFileException e = assertThrows(DataFileException.class, () -> SvhnReader.read(file));

        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    }

    @Test
    void shortFileIsTruncatedHeader() throws IOException {
        Path file = Files.write(dir.resolve("tiny.mat"), new byte[10]);

        DataFileException e = assertThrows(DataFileException.class, () -> SvhnReader.read(file));

        assertEquals(file + ": truncated: a MAT-file header is 128 bytes but the file holds only 10", e.getMessage());
    }

    @Test
    void matV73IsRecognisedAsHdf5() throws IOException {
        byte[] header = Arrays.copyOf("MATLAB 7.3 MAT-file, Platform: GLNXA64, HDF5 schema 1.00 ."
                .getBytes(StandardCharsets.US_ASCII), 512);
        Path file = Files.write(dir.resolve("v73.mat"), header);

        DataFileException e = assertThrows(DataFileException.class, () -> SvhnReader.read(file));

        assertTrue(e.getMessage().startsWith(file + ": MAT v7.3 (HDF5) file"), e.getMessage());
    }

    @Test
    void missingFileIsNoSuchFile() {
        Path absent = dir.resolve("absent.mat");

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> SvhnReader.read(absent));

        assertEquals(absent + ": no such MAT file", e.getMessage());
    }
}
