package dev.ali4j.runtime.image;

import dev.ali4j.api.AtomicFiles;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.PixelCodec;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Image files to model tensors and back, through ImageIO (PNG, JPEG, BMP, GIF, WebP and TIFF,
 * with the TwelveMonkeys plugins on the class path). Server side only: it uses AWT.
 *
 * <p>Reading, for each file or byte array:
 * <ol>
 *   <li>read the container and the header; refuse, before decoding, an image over a limit of
 *       {@link ImageOptions}: pixels, decoded bytes of every frame, frames, JPEG scans,
 *       metadata ({@link ContainerCheck}, {@link DecodeCost});</li>
 *   <li>wait for room in the {@link DecodeAdmission}, if the options have one;</li>
 *   <li>decode the first image of the file (GIF and TIFF may hold more) under the decode
 *       deadline ({@link DecodeDeadline}); a decoder warning (a JPEG cut short, say) is an
 *       error, not a grey patch;</li>
 *   <li>if its size differs from the spec's, resize ({@link ImageOptions.Resize#COVER_AND_CROP},
 *       the default): scale it so that it covers the spec's size (the side that is shorter
 *       relative to the spec fits exactly), bilinear, halving by 2x2 averages first while
 *       shrinking by 2 or more, then crop the centre; or refuse it
 *       ({@link ImageOptions.Resize#REJECT});</li>
 *   <li>convert colour to the spec's channels through {@link PixelCodec}: colour to grey by
 *       ITU-R BT.601 luma, grey to colour by repetition; alpha is ignored;</li>
 *   <li>map bytes to the spec's pixel range.</li>
 * </ol>
 * Writing produces PNG (grey for 1 channel, RGB for 3), into a temporary file in the target's
 * directory that is then moved into place atomically, or as bytes ({@link #toPng}, {@link #gridPng}).
 *
 * <pre>{@code
 * ImageSpec spec = model.manifest().image();
 * ImageTensor x = ImageFiles.read(List.of(Path.of("a.jpg"), Path.of("b.png")), spec);
 * ImageTensor xHat = model.reconstruct(x);
 * ImageFiles.writePng(xHat, 0, spec, Path.of("a-reconstruction.png"));
 * ImageFiles.writeGrid(xHat, 8, 2, spec, Path.of("samples.png")); // 8 columns, 2x larger
 * }</pre>
 */
public final class ImageFiles {
    /** Width of the borders around and between the cells of a grid, in pixels. */
    public static final int GRID_BORDER = 2;
    /** Grey level (0..255) of grid borders: visible on dark and on light images. */
    public static final int GRID_BORDER_GREY = 128;
    /** The formats the decoders on the class path are meant to cover, for messages. */
    static final String SUPPORTED = "PNG, JPEG, BMP, GIF, WebP, TIFF";

    private ImageFiles() {
    }

    /**
     * Reads image files into one batch shaped by {@code spec}, in the order given.
     *
     * @param files image files (PNG, JPEG, BMP, GIF, WebP, TIFF), at least one
     * @param spec the model's channels, size and pixel range
     * @return {@code files.size()} images of {@code spec.channels() x spec.height() x spec.width()}
     * @throws IOException naming the file, if one is missing, unreadable, not an image or corrupt
     * @throws IllegalArgumentException if {@code files} is empty
     */
    public static ImageTensor read(List<Path> files, ImageSpec spec) throws IOException {
        return read(files, spec, ImageOptions.defaults());
    }

    /**
     * Reads image files into one batch shaped by {@code spec}, in the order given.
     *
     * @param files image files (PNG, JPEG, BMP, GIF, WebP, TIFF), at least one
     * @param spec the model's channels, size and pixel range
     * @param options pixel limit and resize policy
     * @return {@code files.size()} images of {@code spec.channels() x spec.height() x spec.width()}
     * @throws ImageFormatException naming the file, if one is not an image, corrupt, too large, or
     *     of another size while resizing is off
     * @throws IOException naming the file, if one is missing or unreadable
     * @throws IllegalArgumentException if {@code files} is empty
     */
    public static ImageTensor read(List<Path> files, ImageSpec spec, ImageOptions options) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no image files given");
        }
        List<ImageTensor> images = new ArrayList<>(files.size());
        for (Path file : files) {
            images.add(decode(readFile(file), file.toString(), spec, options));
        }
        return images.size() == 1 ? images.get(0) : ImageTensor.concat(images);
    }

    /**
     * Decodes one image held in memory (an HTTP body, say) into a batch of one shaped by
     * {@code spec}, as {@link #read(List, ImageSpec, ImageOptions)} does for files.
     *
     * @param bytes the encoded image (PNG, JPEG, BMP, GIF, WebP, TIFF)
     * @param name what to call it in messages, e.g. {@code "image"}
     * @param spec the model's channels, size and pixel range
     * @param options limits, deadline, admission and resize policy
     * @return one image of {@code spec.channels() x spec.height() x spec.width()}
     * @throws ImageFormatException naming {@code name} and the fault: empty, not an image,
     *     corrupt or truncated, over a limit of {@link ImageOptions}, too slow to decode, or of
     *     another size while resizing is off; {@link DecodeBusyException} if the admission had no
     *     room in time
     */
    public static ImageTensor decode(byte[] bytes, String name, ImageSpec spec, ImageOptions options)
            throws ImageFormatException {
        return decode(bytes, name, options, image -> toTensor(image, name, spec, options));
    }

    /** What to make of a decoded image while its memory is still admitted; its exceptions pass through. */
    interface Use<T> {
        T apply(BufferedImage image) throws ImageFormatException;
    }

    /**
     * Decodes the first image in {@code bytes} and hands it to {@code use}: the container checks
     * ({@link ContainerCheck}) and the header's limits ({@link DecodeCost}) first, then a permit of
     * the admission control, then the decode under its deadline ({@link DecodeDeadline}); a
     * decoder warning counts as corruption.
     */
    static <T> T decode(byte[] bytes, String name, ImageOptions options, Use<T> use) throws ImageFormatException {
        if (bytes == null || bytes.length == 0) {
            throw new ImageFormatException(name + ": empty, expected an image (" + SUPPORTED + ")", false);
        }
        ContainerCheck.check(bytes, name, options);
        BufferedImage image;
        DecodeAdmission.Permit permit = null;
        // In memory: ImageIO.createImageInputStream would cache the stream in a temporary file.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageFormatException(name + ": not an image this program can read (supported: "
                        + SUPPORTED + ")", false);
            }
            ImageReader reader = readers.next();
            try {
                // Not seek-forward-only: counting frames (DecodeCost) reads ahead; the bytes are in memory anyway.
                reader.setInput(in, false, true);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                long memory = DecodeCost.check(reader, name, options);
                permit = options.admission() == null ? null : options.admission().acquire(memory, name);
                image = DecodeDeadline.read(reader, name, options);
                if (!warnings.isEmpty()) {
                    throw new ImageFormatException(name + ": corrupt or truncated image: " + warnings.get(0), false);
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (permit != null) {
                permit.close();
            }
            throw corrupt(name, e);
        } catch (Error e) {
            if (permit != null) {
                permit.close(); // an out-of-memory decode must not keep its room
            }
            throw e;
        }
        try {
            return use.apply(image);
        } finally {
            if (permit != null) {
                permit.close(); // the pixels' memory is released once converted
            }
        }
    }

    /** A decoder's failure as the image's fault, its own message kept; ours pass unchanged. */
    private static ImageFormatException corrupt(String name, Exception e) {
        if (e instanceof ImageFormatException image) {
            return image;
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !reason.contains(cause.getMessage())) {
            reason += " (" + cause.getMessage() + ")";
        }
        return new ImageFormatException(name + ": corrupt or unsupported image: " + reason, e);
    }

    private static ImageTensor toTensor(BufferedImage image, String name, ImageSpec spec, ImageOptions options)
            throws ImageFormatException {
        if (options.resize() == ImageOptions.Resize.REJECT
                && (image.getWidth() != spec.width() || image.getHeight() != spec.height())) {
            throw new ImageFormatException(name + ": image is " + image.getWidth() + "x" + image.getHeight()
                    + " (width x height) but the model takes " + spec.width() + "x" + spec.height()
                    + " and resizing is off", false);
        }
        Planes planes = Planes.of(image).coverAndCrop(spec.width(), spec.height());
        return planes.channels == 1
                ? PixelCodec.fromGray8(planes.toGray8(), 1, spec.height(), spec.width(), spec)
                : PixelCodec.fromArgb(planes.toArgb(), 1, spec.height(), spec.width(), spec);
    }

    /**
     * Writes one image of a batch as a PNG: grey for 1 channel, RGB for 3. Values outside the
     * spec's pixel range are clamped.
     *
     * @param t the batch
     * @param index which image
     * @param spec gives the pixel range
     * @param file the PNG to write (replaced atomically if it exists); its directory must exist
     * @throws IOException if writing fails
     */
    public static void writePng(ImageTensor t, int index, ImageSpec spec, Path file) throws IOException {
        writeAtomically(toPng(t, index, spec), file);
    }

    /**
     * Encodes one image of a batch as PNG bytes: grey for 1 channel, RGB for 3. Values outside
     * the spec's pixel range are clamped.
     *
     * @param t the batch
     * @param index which image
     * @param spec gives the pixel range
     * @return the PNG file's bytes
     */
    public static byte[] toPng(ImageTensor t, int index, ImageSpec spec) {
        BufferedImage image = newImage(t.c(), t.w(), t.h());
        paint(image, 0, 0, PixelCodec.toArgb(t, index, spec), t.w(), t.h(), 1);
        return png(image);
    }

    /**
     * Writes a batch as a grid of images at natural size; see
     * {@link #writeGrid(ImageTensor, int, int, ImageSpec, Path)} for the layout.
     *
     * @param images the batch (1 or 3 channels)
     * @param columns cells per row, at least 1
     * @param spec gives the pixel range
     * @param pngFile the PNG to write (replaced atomically if it exists); its directory must exist
     * @throws IOException if writing fails
     */
    public static void writeGrid(ImageTensor images, int columns, ImageSpec spec, Path pngFile) throws IOException {
        writeGrid(images, columns, 1, spec, pngFile);
    }

    /**
     * Writes a batch as one PNG grid, e.g. a sheet of training samples. Images fill rows of
     * {@code min(columns, n)} cells, left to right, top to bottom; each image is enlarged
     * {@code scale} times (nearest neighbour) and every cell is framed by {@value #GRID_BORDER}
     * pixels of grey {@value #GRID_BORDER_GREY}, so the PNG is
     * {@code cols * (w * scale + 2) + 2} pixels wide and {@code rows * (h * scale + 2) + 2} high.
     * Empty cells of the last row stay grey.
     *
     * @param images the batch (1 or 3 channels)
     * @param columns cells per row, at least 1
     * @param scale enlargement factor, at least 1
     * @param spec gives the pixel range
     * @param pngFile the PNG to write (replaced atomically if it exists); its directory must exist
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if columns or scale is below 1 or the grid is too large
     */
    public static void writeGrid(ImageTensor images, int columns, int scale, ImageSpec spec, Path pngFile)
            throws IOException {
        writeAtomically(gridPng(images, columns, scale, spec), pngFile);
    }

    /**
     * Encodes a batch as one PNG grid, laid out as by
     * {@link #writeGrid(ImageTensor, int, int, ImageSpec, Path)}.
     *
     * @param images the batch (1 or 3 channels)
     * @param columns cells per row, at least 1
     * @param scale enlargement factor, at least 1
     * @param spec gives the pixel range
     * @return the PNG file's bytes
     * @throws IllegalArgumentException if columns or scale is below 1 or the grid is too large
     */
    public static byte[] gridPng(ImageTensor images, int columns, int scale, ImageSpec spec) {
        if (columns < 1 || scale < 1) {
            throw new IllegalArgumentException("columns and scale must be at least 1, got " + columns + " and "
                    + scale);
        }
        int cols = Math.min(columns, images.n());
        int rows = (images.n() + cols - 1) / cols;
        int cellW = Math.multiplyExact(images.w(), scale) + GRID_BORDER;
        int cellH = Math.multiplyExact(images.h(), scale) + GRID_BORDER;
        long width = (long) cols * cellW + GRID_BORDER;
        long height = (long) rows * cellH + GRID_BORDER;
        if (width * height > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("grid of " + width + "x" + height + " pixels is too large");
        }
        BufferedImage grid = newImage(images.c(), (int) width, (int) height);
        int[] border = new int[(int) width];
        Arrays.fill(border, 0xff000000 | GRID_BORDER_GREY * 0x010101);
        for (int y = 0; y < height; y++) {
            setRow(grid, 0, y, border, 0, (int) width);
        }
        for (int i = 0; i < images.n(); i++) {
            int x0 = GRID_BORDER + (i % cols) * cellW;
            int y0 = GRID_BORDER + (i / cols) * cellH;
            paint(grid, x0, y0, PixelCodec.toArgb(images, i, spec), images.w(), images.h(), scale);
        }
        return png(grid);
    }

    private static byte[] readFile(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, not an image");
        }
        if (!Files.exists(file)) {
            throw new IOException(file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw new IOException(file + ": cannot be read (permission denied)");
        }
        return Files.readAllBytes(file);
    }

    private static BufferedImage newImage(int channels, int width, int height) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images must have 1 or 3 channels, got " + channels);
        }
        return new BufferedImage(width, height,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    }

    /** Paints {@code w x h} ARGB pixels at (x0, y0), each as a {@code scale x scale} block. */
    private static void paint(BufferedImage target, int x0, int y0, int[] argb, int w, int h, int scale) {
        int[] row = new int[w * scale];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                Arrays.fill(row, x * scale, (x + 1) * scale, argb[y * w + x]);
            }
            for (int k = 0; k < scale; k++) {
                setRow(target, x0, y0 + y * scale + k, row, 0, row.length);
            }
        }
    }

    /**
     * Sets a row of pixels. Grey images get the raw grey level in their raster: AWT's
     * {@code setRGB} would apply a gamma curve, as it takes the grey colour space to be linear.
     */
    private static void setRow(BufferedImage target, int x, int y, int[] argb, int offset, int length) {
        if (target.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            WritableRaster raster = target.getRaster();
            int[] grey = new int[length];
            for (int i = 0; i < length; i++) {
                grey[i] = argb[offset + i] & 0xff;
            }
            raster.setSamples(x, y, length, 1, 0, grey);
        } else {
            target.setRGB(x, y, length, 1, argb, offset, length);
        }
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // In memory: ImageIO.write to an OutputStream would cache it in a temporary file.
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            if (!ImageIO.write(image, "png", stream)) {
                throw new IllegalStateException("no PNG writer available in ImageIO");
            }
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding failed in memory: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static void writeAtomically(byte[] png, Path file) throws IOException {
        AtomicFiles.write(file, out -> out.write(png));
    }
}
