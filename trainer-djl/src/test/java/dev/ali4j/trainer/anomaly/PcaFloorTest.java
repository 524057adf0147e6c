package dev.ali4j.trainer.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.trainer.data.ImageSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PcaFloorTest {

    /** 8x8 images: normal ones are a horizontal gradient times a random brightness, anomalies are noise. */
    private static ImageSet images(int n, boolean noise, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[n * 64];
        for (int i = 0; i < n; i++) {
            double brightness = 0.2 + 0.8 * random.nextDouble();
            for (int p = 0; p < 64; p++) {
                double v = noise ? random.nextDouble() : brightness * (p % 8) / 7.0;
                pixels[i * 64 + p] = (byte) Math.round(255 * v);
            }
        }
        return ImageSet.of(noise ? "noise" : "gradients", 1, 8, 8, pixels, null);
    }

    @Test
    void imagesOffTheNormalSubspaceScoreHigher() {
        PcaFloor floor = PcaFloor.fit(images(200, false, 1), 2);
        double[] normal = floor.score(images(50, false, 2));
        double[] odd = floor.score(images(50, true, 3));
        double worstNormal = 0;
        for (double s : normal) {
            worstNormal = Math.max(worstNormal, s);
        }
        for (double s : odd) {
            assertTrue(s > 10 * worstNormal, s + " against normal images' " + worstNormal);
        }
        assertEquals(0, worstNormal, 1e-4, "a rank-1 family is rebuilt by its first component");
    }
}
