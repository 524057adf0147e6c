package dev.ali4j.runtime.spark;

import dev.ali4j.runtime.image.ImageOptions;
import java.io.IOException;
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
 * broadcast bundle on first use, see {@link ExecutorModels}), encodes the rows' images (a binary
 * column's, or the files a path column names, read here) in batches and appends the
 * {@link EncodedColumns} to each row. Serialized to the executors with its
 * settings; the bundle travels once per executor as a broadcast variable.
 */
final class PartitionEncoder implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<ZippedBundle> bundle;
    private final int contentIndex;
    private final int nameIndex;
    private final ImageFileReader files;
    private final int lengthIndex;
    private final int batchSize;
    private final int threads;
    private final long maxPixels;
    private final ImageOptions.Resize resize;
    private final String[] trustedKeys; // PEM: plain strings travel to executors as they are

    /**
     * Encodes the images in a binary column.
     *
     * @param nameIndex the column that names an image in error messages, or -1 to call it by
     *     its row number in the partition
     */
    PartitionEncoder(Broadcast<ZippedBundle> bundle, int contentIndex, int nameIndex, int batchSize, int threads,
            ImageOptions options, List<String> trustedKeys) {
        this(bundle, contentIndex, nameIndex, null, -1, batchSize, threads, options, trustedKeys);
    }

    /**
     * Encodes the files a string column names, reading each in the task.
     *
     * @param pathIndex the column of paths, which also names an image in error messages
     * @param lengthIndex the column of listed lengths (long), or -1 if there is none
     */
    PartitionEncoder(Broadcast<ZippedBundle> bundle, int pathIndex, int lengthIndex, ImageFileReader files,
            int batchSize, int threads, ImageOptions options, List<String> trustedKeys) {
        this(bundle, -1, pathIndex, files, lengthIndex, batchSize, threads, options, trustedKeys);
    }

    private PartitionEncoder(Broadcast<ZippedBundle> bundle, int contentIndex, int nameIndex, ImageFileReader files,
            int lengthIndex, int batchSize, int threads, ImageOptions options, List<String> trustedKeys) {
        this.bundle = bundle;
        this.contentIndex = contentIndex;
        this.nameIndex = nameIndex;
        this.files = files;
        this.lengthIndex = lengthIndex;
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
            String[] unread = new String[batch.size()];
            for (Row row : batch) {
                String name = nameIndex >= 0 && !row.isNullAt(nameIndex) ? String.valueOf(row.get(nameIndex))
                        : "partition " + TaskContext.getPartitionId() + ", row " + seen[0];
                names.add(name);
                try {
                    contents.add(imageBytes(row, name));
                } catch (IOException | RuntimeException e) { // unreadable (some clients throw unchecked): its row says why
                    unread[contents.size()] = name + ": " + e.getMessage();
                    contents.add(null);
                }
                seen[0]++;
            }
            List<EncodedImage> encoded = encoder.encode(names, contents);
            List<Row> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                out.add(append(batch.get(i), unread[i] == null ? encoded.get(i) : EncodedImage.failed(unread[i])));
            }
            return out;
        });
    }

    /** The row's image file bytes: its content column's, or read from the file its path names; null if none. */
    private byte[] imageBytes(Row row, String name) throws IOException {
        if (files == null) {
            return row.isNullAt(contentIndex) ? null : (byte[]) row.get(contentIndex);
        }
        if (row.isNullAt(nameIndex)) {
            throw new IOException("no path (null)");
        }
        return files.read(name, lengthIndex >= 0 && !row.isNullAt(lengthIndex) ? row.getLong(lengthIndex) : -1);
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
