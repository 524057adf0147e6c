package dev.ali4j.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Fréchet distance against values worked out by hand. */
class FrechetDistanceTest {

    @Test
    void oneDimensionalGaussiansGiveTheSquaredDifferencesOfMeansAndStandardDeviations() {
        // (1 - 3)^2 + (2 - 3)^2 for N(1, 2^2) and N(3, 3^2)
        double fid = FrechetDistance.between(new double[] {1}, new double[][] {{4}}, new double[] {3}, new double[][] {{9}});
        assertEquals(5.0, fid, 1e-12);
    }

    @Test
    void diagonalCovariancesAddUpPerDimension() {
        double[] a = {1, 4, 9};
        double[] b = {4, 4, 0.25};
        double fid = FrechetDistance.between(new double[] {0, 1, 2}, diagonal(a), new double[] {1, 1, 0}, diagonal(b));
        // means: 1 + 0 + 4; standard deviations: (1-2)^2 + 0 + (3-0.5)^2
        assertEquals(5 + 1 + 6.25, fid, 1e-10);
    }

    @Test
    void rotatingBothCovariancesAlikeChangesNothing() {
        double c = Math.cos(0.7);
        double s = Math.sin(0.7);
        double[][] r = {{c, -s}, {s, c}};
        double fid = FrechetDistance.between(new double[2], rotate(r, diagonal(new double[] {1, 9})), new double[2],
                rotate(r, diagonal(new double[] {4, 1})));
        assertEquals(1 + 4, fid, 1e-10); // (1-2)^2 + (3-1)^2
    }

    @Test
    void nonCommutingCovariancesMatchTheClosedFormOfTwoByTwo() {
        // For 2x2, Tr sqrt(M) = sqrt(tr M + 2 sqrt(det M)), and S1 S2 has the eigenvalues of sqrt(S1) S2 sqrt(S1).
        double[][] s1 = {{2, 1}, {1, 3}};
        double[][] s2 = {{1, -0.5}, {-0.5, 2}};
        double trProduct = s1[0][0] * s2[0][0] + s1[0][1] * s2[1][0] + s1[1][0] * s2[0][1] + s1[1][1] * s2[1][1];
        double det = (2 * 3 - 1) * (1 * 2 - 0.25);
        double expected = (2 + 3) + (1 + 2) - 2 * Math.sqrt(trProduct + 2 * Math.sqrt(det));
        assertEquals(expected, FrechetDistance.between(new double[2], s1, new double[2], s2), 1e-10);
        assertTrue(expected > 0.1, "the case is not trivial: " + expected);
    }

    @Test
    void identicalSetsAreAtDistanceZeroAndAShiftAddsItsSquaredLength() {
        int n = 500;
        int dim = 6;
        float[] a = correlatedSamples(n, dim, new Random(3));
        assertEquals(0, FrechetDistance.between(a, a.clone(), dim), 1e-6);
        float[] shifted = a.clone();
        for (int i = 0; i < n; i++) {
            shifted[i * dim] += 2;
            shifted[i * dim + 1] -= 1;
        }
        assertEquals(5, FrechetDistance.between(a, shifted, dim), 1e-4);
    }

    @Test
    void samplesOfTwoKnownGaussiansComeCloseToTheirDistance() {
        Random random = new Random(5);
        int n = 20000;
        float[] a = new float[n * 2];
        float[] b = new float[n * 2];
        for (int i = 0; i < n; i++) {
            a[2 * i] = (float) random.nextGaussian();
            a[2 * i + 1] = (float) (2 * random.nextGaussian());
            b[2 * i] = (float) (1 + 3 * random.nextGaussian());
            b[2 * i + 1] = (float) (2 * random.nextGaussian());
        }
        // 1^2 + (1 - 3)^2 + 0
        assertEquals(5, FrechetDistance.between(a, b, 2), 0.15);
    }

    @Test
    void fewerSamplesThanDimensionsGiveSingularCovariancesButAFiniteDistance() {
        float[] a = correlatedSamples(5, 16, new Random(7));
        float[] b = correlatedSamples(5, 16, new Random(8));
        double fid = FrechetDistance.between(a, b, 16);
        assertTrue(Double.isFinite(fid) && fid > 0, "fid " + fid);
        assertEquals(0, FrechetDistance.between(a, a.clone(), 16), 1e-5);
    }

    @Test
    void deadFeaturesThatAreAlwaysZeroLeaveTheDistanceOfTheOthers() {
        // ReLU features of a real classifier: many are 0 for every image, so whole covariance rows are 0.
        Random random = new Random(9);
        int n = 200;
        int dim = 32;
        float[] a = new float[n * dim];
        float[] b = new float[n * dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j += 4) {
                a[i * dim + j] = (float) Math.max(0, random.nextGaussian());
                b[i * dim + j] = (float) Math.max(0, random.nextGaussian() + 0.5);
            }
        }
        float[] aLive = new float[n * dim / 4];
        float[] bLive = new float[n * dim / 4];
        for (int i = 0; i < n * dim / 4; i++) {
            aLive[i] = a[i * 4];
            bLive[i] = b[i * 4];
        }
        double fid = FrechetDistance.between(a, b, dim);
        assertTrue(fid > 0.1, "fid " + fid);
        assertEquals(FrechetDistance.between(aLive, bLive, dim / 4), fid, 1e-6);
    }

    @Test
    void oneSampleHasNoCovariance() {
        assertThrows(IllegalArgumentException.class, () -> FrechetDistance.between(new float[3], new float[6], 3));
    }

    private static float[] correlatedSamples(int n, int dim, Random random) {
        float[] out = new float[n * dim];
        for (int i = 0; i < n; i++) {
            double shared = random.nextGaussian();
            for (int j = 0; j < dim; j++) {
                out[i * dim + j] = (float) (shared * (j + 1) * 0.3 + random.nextGaussian());
            }
        }
        return out;
    }

    private static double[][] diagonal(double[] values) {
        double[][] m = new double[values.length][values.length];
        for (int i = 0; i < values.length; i++) {
            m[i][i] = values[i];
        }
        return m;
    }

    /** R S R^T. */
    private static double[][] rotate(double[][] r, double[][] s) {
        int d = s.length;
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    for (int l = 0; l < d; l++) {
                        out[i][j] += r[i][k] * s[k][l] * r[j][l];
                    }
                }
            }
        }
        return out;
    }
}
