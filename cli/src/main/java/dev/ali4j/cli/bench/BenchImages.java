package dev.ali4j.cli.bench;

import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.data.ImageSet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Image files for the Spark benchmark: the first {@code n} training images of a data set, written
 * as PNG files (grey for one channel, RGB for three) named {@code 00000.png, 00001.png, ...}, so
 * that both sides of the benchmark read, decode and encode the very same files. A data set with
 * fewer images is repeated from its start. With a scale above 1 each image is enlarged (nearest
 * neighbour) before it is written, so that decoding and resizing it back cost what a photo of
 * that size costs.
 *
 * <pre>{@code
 * String what = BenchImages.write("fashion-mnist", 20_000, 1, dir); // "20000 PNG files from the first ..."
 * }</pre>
 */
final class BenchImages {
    private BenchImages() {
    }

    /**
     * @param dataSpec a {@code --data} spec ({@link DataSets})
     * @param n how many files, at least 1
     * @param scale enlargement, 1 for the data set's own size
     * @param dir where to write them (created if missing)
     * @return what was written, for the report
     */
    static String write(String dataSpec, int n, int scale, Path dir) throws IOException {
        ImageSet images = DataSets.open(dataSpec).train();
        Files.createDirectories(dir);
        for (int i = 0; i < n; i++) {
            if (!ImageIO.write(picture(images, i % images.size(), scale), "png",
                    dir.resolve(String.format("%05d.png", i)).toFile())) {
                throw new IOException("no PNG writer in ImageIO");
            }
        }
        return n + " PNG files (" + images.width() * scale + "x" + images.height() * scale + ") from the first "
                + Math.min(n, images.size()) + " training images of " + images.name()
                + (n > images.size() ? " (repeated)" : "") + (scale > 1 ? ", enlarged " + scale + "x" : "");
    }

    private static BufferedImage picture(ImageSet images, int index, int scale) {
        int w = images.width() * scale;
        int h = images.height() * scale;
        boolean grey = images.channels() == 1;
        BufferedImage picture = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = x / scale;
                int sy = y / scale;
                if (grey) {
                    picture.getRaster().setSample(x, y, 0, images.pixel(index, 0, sy, sx));
                } else {
                    picture.setRGB(x, y, images.pixel(index, 0, sy, sx) << 16 | images.pixel(index, 1, sy, sx) << 8
                            | images.pixel(index, 2, sy, sx));
                }
            }
        }
        return picture;
    }
}
