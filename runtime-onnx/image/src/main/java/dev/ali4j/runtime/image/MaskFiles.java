package dev.ali4j.runtime.image;

import dev.ali4j.api.Mask;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

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
        return decode(Files.readAllBytes(file), file.toString(), height, width, ImageOptions.defaults());
    }

    /**
     * A mask from an encoded picture held in memory (an HTTP form field, say).
     *
     * @param bytes the encoded picture
     * @param name what to call it in messages
     * @param height the model's rows
     * @param width the model's columns
     * @param options the pixel limit (masks are never resized)
     * @return the mask
     * @throws ImageFormatException naming {@code name} if it is not an image or too large
     * @throws IllegalArgumentException naming both sizes if the picture is not {@code height x width}
     */
    public static Mask decode(byte[] bytes, String name, int height, int width, ImageOptions options)
            throws ImageFormatException {
        // Converted inside the decode, while its memory is still counted by the admission control.
        return ImageFiles.decode(bytes, name, options, image -> toMask(image, name, height, width));
    }

    private static Mask toMask(BufferedImage image, String name, int height, int width) {
        if (image.getWidth() != width || image.getHeight() != height) {
            throw new IllegalArgumentException(name + ": mask is " + image.getWidth() + "x" + image.getHeight()
                    + " (width x height) but the model's images are " + width + "x" + height);
        }
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        return Mask.fromArgb(argb, height, width);
    }

    /**
     * A rectangular hole from text {@code x,y,w,h} (left, top, width, height, in the model's pixels).
     *
     * @param text the four integers, comma-separated
     * @param name what to call the value in messages, e.g. {@code --box}
     * @param height the model's rows
     * @param width the model's columns
     * @return the mask
     * @throws IllegalArgumentException naming {@code name} if the text is not four integers or the
     *     box is empty or does not lie inside the image
     */
    public static Mask box(String text, String name, int height, int width) {
        String[] parts = text.split(",", -1);
        int[] v = new int[4];
        try {
            if (parts.length != 4) {
                throw new NumberFormatException();
            }
            for (int i = 0; i < 4; i++) {
                v[i] = Integer.parseInt(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be four integers x,y,w,h, got '" + text + "'");
        }
        try {
            return Mask.box(height, width, v[0], v[1], v[2], v[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " " + text + " does not lie inside the bundle's " + width + "x"
                    + height + " (width x height) images or is empty");
        }
    }
}
