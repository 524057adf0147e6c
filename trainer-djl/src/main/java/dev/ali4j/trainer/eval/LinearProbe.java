package dev.ali4j.trainer.eval;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;

/**
 * A linear probe: multinomial logistic (softmax) regression on latent codes, the usual way to ask
 * how much class information an encoder's codes carry (SPEC.md: ALI's SVHN result uses a linear
 * SVM on encoder features; a softmax probe is the same idea with a smooth loss).
 *
 * <p>Features are standardised with the training codes' mean and standard deviation; the model
 * is fitted by full-batch Nesterov-accelerated gradient descent for a fixed number of iterations
 * from zero weights, with the constant step {@code 1 / L}, where {@code L = lambda_max(X^T X / n) / 2
 * + l2} bounds the loss's curvature (a softmax's Hessian is at most half the identity). No random
 * numbers are drawn, so the same codes always give the same probe.
 *
 * <p>Why written here rather than taken from a library: Tribuo's {@code LogisticRegressionTrainer}
 * (stochastic AdaGrad) would bring tribuo-core, -math, -classification-core and OLCUT into the
 * trainer for one metric, and Hipparchus, already used for {@link FrechetDistance}, has no
 * classifier; its general optimisers need a line search of many passes per iteration and throw
 * instead of returning when their iteration cap is reached. The whole fit is one short loop; only
 * the step size's eigenvalue comes from Hipparchus. 300 iterations on 10,000 codes
 * of 64 dimensions and 10 classes are about 4 G multiply-adds (an estimate, not a measurement:
 * a few seconds on one core).
 *
 * <pre>{@code
 * LinearProbe probe = LinearProbe.fit(trainCodes, trainLabels, 64, 10, 300, 1e-4);
 * double accuracy = probe.accuracy(testCodes, testLabels);
 * }</pre>
 */
public final class LinearProbe {

    private final int dim;
    private final int classes;
    private final double[] mean;
    private final double[] scale;
    /** (dim + 1) x classes, row-major; the last row is the bias. */
    private final double[] weights;

    private LinearProbe(int dim, int classes, double[] mean, double[] scale, double[] weights) {
        this.dim = dim;
        this.classes = classes;
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
    }

    /**
     * Fits the probe.
     *
     * @param codes {@code n * dim} floats, row-major
     * @param labels n labels in {@code [0, classes)}
     * @param dim the width of a code
     * @param classes the number of classes, at least 2
     * @param iterations gradient steps, at least 1
     * @param l2 weight of {@code l2/2 * ||W||^2} (bias excluded), at least 0
     */
    public static LinearProbe fit(float[] codes, int[] labels, int dim, int classes, int iterations, double l2) {
        int n = labels.length;
        if (dim < 1 || codes.length != (long) n * dim) {
            throw new IllegalArgumentException(codes.length + " values are not " + n + " codes of " + dim);
        }
        if (n < 1 || classes < 2 || iterations < 1 || !(l2 >= 0)) {
            throw new IllegalArgumentException("need codes, at least 2 classes, at least 1 iteration and l2 >= 0; got n="
                    + n + " classes=" + classes + " iterations=" + iterations + " l2=" + l2);
        }
        for (int label : labels) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " is not in [0, " + classes + ")");
            }
        }
        double[] mean = new double[dim];
        double[] scale = new double[dim];
        standardisation(codes, n, dim, mean, scale);
        double[] x = standardised(codes, n, dim, mean, scale);
        int rows = dim + 1;
        double step = 1 / (largestEigenvalueOfGram(x, n, rows) / 2 + l2);

        double[] w = new double[rows * classes];
        double[] previous = new double[rows * classes];
        double[] y = new double[rows * classes];
        double[] gradient = new double[rows * classes];
        for (int k = 0; k < iterations; k++) {
            gradient(x, labels, n, rows, classes, y, l2, gradient);
            System.arraycopy(w, 0, previous, 0, w.length);
            for (int i = 0; i < w.length; i++) {
                w[i] = y[i] - step * gradient[i];
            }
            double momentum = k / (k + 3.0);
            for (int i = 0; i < w.length; i++) {
                y[i] = w[i] + momentum * (w[i] - previous[i]);
            }
        }
        return new LinearProbe(dim, classes, mean, scale, w);
    }

    /** The predicted class of each of {@code codes.length / dim} codes. */
    public int[] predict(float[] codes) {
        if (codes.length % dim != 0) {
            throw new IllegalArgumentException(codes.length + " values are not whole codes of " + dim);
        }
        int n = codes.length / dim;
        double[] x = standardised(codes, n, dim, mean, scale);
        int rows = dim + 1;
        double[] logits = new double[classes];
        int[] out = new int[n];
        for (int s = 0; s < n; s++) {
            logits(x, s, rows, classes, weights, logits);
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[c] > logits[best]) {
                    best = c;
                }
            }
            out[s] = best;
        }
        return out;
    }

    /** The fraction of {@code codes} whose label is predicted. */
    public double accuracy(float[] codes, int[] labels) {
        int[] predicted = predict(codes);
        if (predicted.length != labels.length || labels.length == 0) {
            throw new IllegalArgumentException(predicted.length + " codes for " + labels.length + " labels");
        }
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return correct / (double) labels.length;
    }

    private static void standardisation(float[] codes, int n, int dim, double[] mean, double[] scale) {
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < dim; j++) {
                mean[j] += codes[s * dim + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= n;
        }
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < dim; j++) {
                double d = codes[s * dim + j] - mean[j];
                scale[j] += d * d;
            }
        }
        for (int j = 0; j < dim; j++) {
            double sd = Math.sqrt(scale[j] / n);
            scale[j] = sd > 1e-12 ? 1 / sd : 1; // a constant feature stays 0 after centring
        }
    }

    /** (n, dim + 1): standardised codes and a constant 1 for the bias. */
    private static double[] standardised(float[] codes, int n, int dim, double[] mean, double[] scale) {
        int rows = dim + 1;
        double[] x = new double[n * rows];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < dim; j++) {
                x[s * rows + j] = (codes[s * dim + j] - mean[j]) * scale[j];
            }
            x[s * rows + dim] = 1;
        }
        return x;
    }

    private static double largestEigenvalueOfGram(double[] x, int n, int rows) {
        double[][] gram = new double[rows][rows];
        for (int s = 0; s < n; s++) {
            int o = s * rows;
            for (int i = 0; i < rows; i++) {
                double xi = x[o + i];
                for (int j = i; j < rows; j++) {
                    gram[i][j] += xi * x[o + j];
                }
            }
        }
        for (int i = 0; i < rows; i++) {
            for (int j = i; j < rows; j++) {
                gram[i][j] /= n;
                gram[j][i] = gram[i][j];
            }
        }
        double largest = 0;
        for (double lambda : new EigenDecompositionSymmetric(new Array2DRowRealMatrix(gram, false)).getEigenvalues()) {
            largest = Math.max(largest, lambda);
        }
        return largest;
    }

    private static void logits(double[] x, int s, int rows, int classes, double[] w, double[] out) {
        java.util.Arrays.fill(out, 0);
        int o = s * rows;
        for (int i = 0; i < rows; i++) {
            double xi = x[o + i];
            if (xi != 0) {
                int wo = i * classes;
                for (int c = 0; c < classes; c++) {
                    out[c] += xi * w[wo + c];
                }
            }
        }
    }

    /** The gradient of the mean cross-entropy plus l2/2 ||W||^2 (bias row excluded) at {@code w}. */
    private static void gradient(double[] x, int[] labels, int n, int rows, int classes, double[] w, double l2,
            double[] out) {
        java.util.Arrays.fill(out, 0);
        double[] p = new double[classes];
        for (int s = 0; s < n; s++) {
            logits(x, s, rows, classes, w, p);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : p) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                p[c] = Math.exp(p[c] - max);
                sum += p[c];
            }
            for (int c = 0; c < classes; c++) {
                p[c] /= sum;
            }
            p[labels[s]] -= 1;
            int o = s * rows;
            for (int i = 0; i < rows; i++) {
                double xi = x[o + i];
                if (xi != 0) {
                    int go = i * classes;
                    for (int c = 0; c < classes; c++) {
                        out[go + c] += xi * p[c];
                    }
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= n;
        }
        for (int i = 0; i < (rows - 1) * classes; i++) {
            out[i] += l2 * w[i];
        }
    }
}
