package dev.ali4j.trainer.optim;

import ai.djl.ndarray.NDArray;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** Float arrays in optimizer checkpoints: a length, then the values. */
final class ArrayIO {

    private ArrayIO() {}

    static void write(DataOutputStream out, NDArray array) throws IOException {
        float[] values = array.toFloatArray();
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    /** Reads values for an array shaped like {@code like}. */
    static float[] read(DataInputStream in, NDArray like) throws IOException {
        int n = in.readInt();
        if (n != like.size()) {
            throw new IOException("checkpoint array of " + n + " values, expected " + like.size());
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }
}
