package dev.ali4j.trainer.anomaly;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.hipparchus.stat.ranking.NaturalRanking;
import org.hipparchus.stat.ranking.TiesStrategy;

/**
 * How well a score separates anomalies from normal images, higher scores meaning "anomalous".
 *
 * @param auroc area under the ROC curve: the chance that a random anomaly scores above a random
 *     normal image (ties count half); 0.5 is chance
 * @param falsePositiveRate the curve's x values, from 0 to 1
 * @param truePositiveRate the curve's y values, from 0 to 1
 */
public record Roc(double auroc, double[] falsePositiveRate, double[] truePositiveRate) {

    /**
     * @param scores one score per image
     * @param anomalous whether each image is an anomaly; both kinds must occur
     */
    public static Roc of(double[] scores, boolean[] anomalous) {
        int positives = 0;
        for (boolean a : anomalous) {
            positives += a ? 1 : 0;
        }
        int negatives = anomalous.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("ROC needs anomalies and normal images, got " + positives + " and "
                    + negatives);
        }
        // Mann-Whitney: AUROC = (rank sum of the anomalies - P (P + 1) / 2) / (P N), average ranks for ties.
        double[] ranks = new NaturalRanking(TiesStrategy.AVERAGE).rank(scores);
        double rankSum = 0;
        for (int i = 0; i < ranks.length; i++) {
            rankSum += anomalous[i] ? ranks[i] : 0;
        }
        double auroc = (rankSum - positives * (positives + 1.0) / 2) / ((double) positives * negatives);
        return new Roc(auroc, null, null).withCurve(scores, anomalous, positives, negatives);
    }

    /** The curve's points, one per distinct score from the highest down. */
    private Roc withCurve(double[] scores, boolean[] anomalous, int positives, int negatives) {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        double[] fpr = new double[scores.length + 1];
        double[] tpr = new double[scores.length + 1];
        int points = 1;
        int tp = 0;
        int fp = 0;
        for (int k = 0; k < order.length; k++) {
            if (anomalous[order[k]]) {
                tp++;
            } else {
                fp++;
            }
            boolean lastOfTie = k == order.length - 1 || scores[order[k + 1]] != scores[order[k]];
            if (lastOfTie) {
                fpr[points] = (double) fp / negatives;
                tpr[points] = (double) tp / positives;
                points++;
            }
        }
        return new Roc(auroc, Arrays.copyOf(fpr, points), Arrays.copyOf(tpr, points));
    }
}
