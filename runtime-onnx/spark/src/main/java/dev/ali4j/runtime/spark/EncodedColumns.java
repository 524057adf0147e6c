package dev.ali4j.runtime.spark;

import java.util.Arrays;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The columns {@link LatentEncoder} adds to a DataFrame, after the input's own columns:
 *
 * <table>
 *   <caption>Added columns</caption>
 *   <tr><th>name</th><th>type</th><th>null when</th></tr>
 *   <tr><td>{@value #MU}</td><td>array&lt;float&gt;, d values</td><td>the image was refused</td></tr>
 *   <tr><td>{@value #LOG_SIGMA}</td><td>array&lt;float&gt;, d values</td>
 *       <td>the image was refused, or the encoder is deterministic</td></tr>
 *   <tr><td>{@value #RECONSTRUCTION_MSE}</td><td>double, pixels in [0, 1]</td><td>the image was refused</td></tr>
 *   <tr><td>{@value #ANOMALY_SCORE}</td><td>double, the bundle's primary anomaly score (its
 *       calibrated one, else reconstruction), higher is more anomalous</td><td>the image was refused</td></tr>
 *   <tr><td>{@value #ANOMALY_PERCENTILE}</td><td>double, 0 to 100 among normal images</td>
 *       <td>the image was refused, or the bundle was never calibrated ({@code ali calibrate})</td></tr>
 *   <tr><td>{@value #ERROR}</td><td>string naming the image and the fault</td><td>the image was encoded</td></tr>
 * </table>
 *
 * <pre>{@code
 * Dataset<Row> refused = encoder.transform(images).filter(col(EncodedColumns.ERROR).isNotNull());
 * }</pre>
 */
public final class EncodedColumns {
    /** The encoder's mean code. */
    public static final String MU = "mu";
    /** The encoder's log standard deviations. */
    public static final String LOG_SIGMA = "log_sigma";
    /** Mean squared error between the image and G(mu), pixels in [0, 1]. */
    public static final String RECONSTRUCTION_MSE = "reconstruction_mse";
    /** The bundle's primary anomaly score. */
    public static final String ANOMALY_SCORE = "anomaly_score";
    /** The anomaly score's percentile among normal images, or null without calibration. */
    public static final String ANOMALY_PERCENTILE = "anomaly_percentile";
    /** Why the image has no code, or null. */
    public static final String ERROR = "error";

    private EncodedColumns() {
    }

    /**
     * @param input the input's schema, which must not have any of the added names
     * @return {@code input} with the six columns appended
     * @throws IllegalArgumentException if the input already has one of them
     */
    static StructType appendTo(StructType input) {
        for (String name : new String[] {MU, LOG_SIGMA, RECONSTRUCTION_MSE, ANOMALY_SCORE, ANOMALY_PERCENTILE, ERROR}) {
            if (Arrays.asList(input.fieldNames()).contains(name)) {
                throw new IllegalArgumentException("the input already has a column '" + name
                        + "', which the encoder would add; rename or drop it first");
            }
        }
        return input
                .add(MU, DataTypes.createArrayType(DataTypes.FloatType, false), true)
                .add(LOG_SIGMA, DataTypes.createArrayType(DataTypes.FloatType, false), true)
                .add(RECONSTRUCTION_MSE, DataTypes.DoubleType, true)
                .add(ANOMALY_SCORE, DataTypes.DoubleType, true)
                .add(ANOMALY_PERCENTILE, DataTypes.DoubleType, true)
                .add(ERROR, DataTypes.StringType, true);
    }
}
