package dev.ali4j.runtime.image;

import dev.ali4j.api.Mask;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Mask pictures to {@link Mask}s: white (brightest channel 128 or more) marks unknown pixels,
 * black known ones, as in {@link Mask#fromArgb}. A mask is not resized: it must have the model's
 * size, so that no pixel silently changes side.
 *
 * <pre>{@code
 * Mask hole = MaskFiles.read(Path.of("hole.png"), spec.height(), spec.width());
 * }</pre>
 */
public final class MaskFiles {
    private MaskFiles() {
    }

    /**
     * @param file a PNG (or any format ImageIO reads)
     * @param height the model's rows
     * @param width the model's columns
     * @return the mask
     * @throws IOException naming the file if it is missing or not an image
     * @throws IllegalArgumentException naming both sizes if the picture is not {@code height x width}
     */
    public static Mask read(Path file, int height, int width) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not a readable image (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new IOException(file + ": not an image");
        }
        if (image.getWidth() != width || image.getHeight() != height) {
            throw new IllegalArgumentException(file + ": mask is " + image.getWidth() + "x" + image.getHeight()
                    + " (width x height) but the model's images are " + width + "x" + height);
        }
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        return Mask.fromArgb(argb, height, width);
    }
}
