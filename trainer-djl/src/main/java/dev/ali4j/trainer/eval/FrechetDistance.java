package dev.ali4j.trainer.eval;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.RealMatrix;

/**
 * The Fréchet distance between two Gaussians fitted to two sets of feature vectors, the measure
 * behind FID: {@code ||m1 - m2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))}.
 *
 * <p>{@code S1 S2} is not symmetric, so its square root is not taken directly: its trace equals
 * {@code Tr sqrt(sqrt(S1) S2 sqrt(S1))}, and that matrix is symmetric positive semi-definite, so
 * two symmetric eigendecompositions (Hipparchus's {@link EigenDecompositionSymmetric}) give it
 * stably.
 * Eigenvalues that rounding pushes slightly below zero (covariances of fewer samples than
 * dimensions are singular) are clamped to zero.
 *
 * <pre>{@code
 * double fid = FrechetDistance.between(generatedFeatures, realFeatures, featureSize);
 * }</pre>
 */
public final class FrechetDistance {

    private FrechetDistance() {}

    /**
     * @param a {@code na * dim} floats, one feature vector per row, at least 2 rows
     * @param b {@code nb * dim} floats, at least 2 rows
     * @param dim the width of a row
     * @return the distance between the Gaussians fitted to {@code a} and {@code b} (unbiased
     *     covariances), at least 0
     * @throws IllegalArgumentException if a set has fewer than 2 rows, is not whole rows, or holds
     *     a value that is not finite
     */
    public static double between(float[] a, float[] b, int dim) {
        checkFinite(a, "first");
        checkFinite(b, "second");
        double[] ma = mean(a, dim);
        double[] mb = mean(b, dim);
        return between(ma, covariance(a, ma, dim), mb, covariance(b, mb, dim));
    }

    /**
     * @param m1 mean of the first Gaussian
     * @param s1 its covariance, symmetric positive semi-definite
     * @param m2 mean of the second
     * @param s2 its covariance
     * @return {@code ||m1 - m2||^2 + Tr(S1) + Tr(S2) - 2 Tr sqrt(sqrt(S1) S2 sqrt(S1))}, clamped at 0
     */
    public static double between(double[] m1, double[][] s1, double[] m2, double[][] s2) {
        int d = m1.length;
        if (m2.length != d || s1.length != d || s2.length != d) {
            throw new IllegalArgumentException("means and covariances of different sizes: " + d + ", " + m2.length
                    + ", " + s1.length + ", " + s2.length);
        }
        double meanTerm = 0;
        double traces = 0;
        for (int i = 0; i < d; i++) {
            double diff = m1[i] - m2[i];
            meanTerm += diff * diff;
            traces += s1[i][i] + s2[i][i];
        }
        RealMatrix root1 = sqrtPsd(new Array2DRowRealMatrix(s1));
        RealMatrix inner = root1.multiply(new Array2DRowRealMatrix(s2)).multiply(root1);
        double crossTrace = 0;
        for (double lambda : eigenvalues(inner)) {
            crossTrace += Math.sqrt(Math.max(lambda, 0));
        }
        // Exact for equal inputs up to rounding; never report a negative distance.
        return Math.max(0, meanTerm + traces - 2 * crossTrace);
    }

    /** The symmetric square root V diag(sqrt(max(lambda, 0))) V^T of a PSD matrix. */
    static RealMatrix sqrtPsd(RealMatrix s) {
        EigenDecompositionSymmetric e = new EigenDecompositionSymmetric(symmetrised(s));
        RealMatrix v = e.getV();
        double[] lambda = e.getEigenvalues();
        int d = lambda.length;
        RealMatrix scaled = v.copy();
        for (int j = 0; j < d; j++) {
            double root = Math.sqrt(Math.max(lambda[j], 0));
            for (int i = 0; i < d; i++) {
                scaled.setEntry(i, j, v.getEntry(i, j) * root);
            }
        }
        return scaled.multiply(v.transpose());
    }

    private static double[] eigenvalues(RealMatrix s) {
        return new EigenDecompositionSymmetric(symmetrised(s)).getEigenvalues();
    }

    /**
     * (S + S^T) / 2: products like sqrt(S1) S2 sqrt(S1) are symmetric only up to rounding, and
     * the symmetric decomposition rejects a matrix whose asymmetry exceeds its tolerance.
     */
    private static RealMatrix symmetrised(RealMatrix s) {
        int d = s.getRowDimension();
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = (s.getEntry(i, j) + s.getEntry(j, i)) / 2;
            }
        }
        return new Array2DRowRealMatrix(out, false);
    }

    /** Column means of {@code n * dim} row-major values. */
    static double[] mean(float[] rows, int dim) {
        int n = rows(rows, dim);
        double[] m = new double[dim];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < dim; j++) {
                m[j] += rows[r * dim + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            m[j] /= n;
        }
        return m;
    }

    /** The unbiased covariance (divided by n - 1, as numpy's cov), exactly symmetric. */
    static double[][] covariance(float[] rows, double[] mean, int dim) {
        int n = rows(rows, dim);
        double[][] c = new double[dim][dim];
        double[] centred = new double[dim];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < dim; j++) {
                centred[j] = rows[r * dim + j] - mean[j];
            }
            for (int i = 0; i < dim; i++) {
                double ci = centred[i];
                double[] row = c[i];
                for (int j = i; j < dim; j++) {
                    row[j] += ci * centred[j];
                }
            }
        }
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                c[i][j] /= n - 1;
                c[j][i] = c[i][j];
            }
        }
        return c;
    }

    /**
     * A NaN feature (from a bundle whose weights went NaN in training) would otherwise surface as
     * the eigendecomposition's "convergence failed", which names neither cause nor input.
     */
    private static void checkFinite(float[] values, String which) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("the " + which + " set's feature " + i + " is " + values[i]);
            }
        }
    }

    private static int rows(float[] values, int dim) {
        if (dim < 1 || values.length % dim != 0) {
            throw new IllegalArgumentException(values.length + " values are not whole rows of " + dim);
        }
        int n = values.length / dim;
        if (n < 2) {
            throw new IllegalArgumentException("a covariance needs at least 2 feature vectors, got " + n);
        }
        return n;
    }
}
