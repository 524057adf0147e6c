package dev.ali4j.runtime.spark;

import dev.ali4j.runtime.image.ImageOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The task side of {@link LatentEncoder}: for one partition, takes this JVM's model (loading the
 * broadcast bundle on first use, see {@link ExecutorModels}), encodes the rows' images in batches
 * and appends the {@link EncodedColumns} to each row. Serialized to the executors with its
 * settings; the bundle travels once per executor as a broadcast variable.
 */
final class PartitionEncoder implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<ZippedBundle> bundle;
    private final int contentIndex;
    private final int nameIndex;
    private final int batchSize;
    private final int threads;
    private final long maxPixels;
    private final ImageOptions.Resize resize;
    private final String[] trustedKeys; // PEM: plain strings travel to executors as they are

    /**
     * @param nameIndex the column that names an image in error messages, or -1 to call it by
     *     its row number in the partition
     */
    PartitionEncoder(Broadcast<ZippedBundle> bundle, int contentIndex, int nameIndex, int batchSize, int threads,
            ImageOptions options, List<String> trustedKeys) {
        this.bundle = bundle;
        this.contentIndex = contentIndex;
        this.nameIndex = nameIndex;
        this.batchSize = batchSize;
        this.threads = threads;
        this.maxPixels = options.maxPixels();
        this.resize = options.resize();
        this.trustedKeys = trustedKeys.toArray(new String[0]);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return Collections.emptyIterator(); // an empty partition needs no model
        }
        ImageBatchEncoder encoder = new ImageBatchEncoder(ExecutorModels.get(bundle.value(), threads, List.of(trustedKeys)),
                ImageOptions.defaults().withMaxPixels(maxPixels).withResize(resize));
        int[] seen = {0};
        return new Batches<>(rows, batchSize, batch -> {
            List<String> names = new ArrayList<>(batch.size());
            List<byte[]> contents = new ArrayList<>(batch.size());
            for (Row row : batch) {
                names.add(nameIndex >= 0 && !row.isNullAt(nameIndex) ? String.valueOf(row.get(nameIndex))
                        : "partition " + TaskContext.getPartitionId() + ", row " + seen[0]);
                contents.add(row.isNullAt(contentIndex) ? null : (byte[]) row.get(contentIndex));
                seen[0]++;
            }
            List<EncodedImage> encoded = encoder.encode(names, contents);
            List<Row> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                out.add(append(batch.get(i), encoded.get(i)));
            }
            return out;
        });
    }

    /** The input row's values followed by the encoded columns, in {@link EncodedColumns}' order. */
    private static Row append(Row row, EncodedImage image) {
        int n = row.length();
        Object[] values = new Object[n + 6];
        for (int i = 0; i < n; i++) {
            values[i] = row.get(i);
        }
        values[n] = image.mu();
        values[n + 1] = image.logSigma();
        values[n + 2] = image.ok() ? image.reconstructionMse() : null;
        values[n + 3] = image.ok() ? image.anomalyScore() : null;
        values[n + 4] = Double.isNaN(image.anomalyPercentile()) ? null : image.anomalyPercentile();
        values[n + 5] = image.error();
        return RowFactory.create(values);
    }
}
