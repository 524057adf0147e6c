package dev.ali4j.trainer.anomaly;

import dev.ali4j.trainer.data.ImageSet;
import org.hipparchus.stat.projection.PCA;

/**
 * The classical anomaly floor: fit principal components on normal images, score an image by
 * its mean squared error after projecting it on them and back. Pixels in [0, 1].
 */
public final class PcaFloor {

    private final PCA pca;

    private PcaFloor(PCA pca) {
        this.pca = pca;
    }

    /**
     * @param normal the normal images to fit on
     * @param components how many principal components to keep
     */
    public static PcaFloor fit(ImageSet normal, int components) {
        if (components < 1 || components > normal.imageSize()) {
            throw new IllegalArgumentException("components must be in 1.." + normal.imageSize() + ", got " + components);
        }
        return new PcaFloor(new PCA(components).fit(rows(normal)));
    }

    /** One score per image: mean squared reconstruction error. */
    public double[] score(ImageSet images) {
        double[][] x = rows(images);
        double[][] projected = pca.transform(x);
        double[][] components = pca.getComponents();
        double[] centre = pca.getCenter();
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double sum = 0;
            for (int j = 0; j < centre.length; j++) {
                double rebuilt = centre[j];
                for (int k = 0; k < projected[i].length; k++) {
                    rebuilt += projected[i][k] * components[j][k]; // components: features x k
                }
                double diff = x[i][j] - rebuilt;
                sum += diff * diff;
            }
            out[i] = sum / centre.length;
        }
        return out;
    }

    private static double[][] rows(ImageSet images) {
        double[][] rows = new double[images.size()][];
        for (int i = 0; i < rows.length; i++) {
            float[] pixels = images.rangeScaled(i, 1, 0f, 1f);
            rows[i] = new double[pixels.length];
            for (int j = 0; j < pixels.length; j++) {
                rows[i][j] = pixels[j];
            }
        }
        return rows;
    }
}
