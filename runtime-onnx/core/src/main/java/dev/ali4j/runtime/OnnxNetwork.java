package dev.ali4j.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.ali4j.api.BundleFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One network of a bundle in one ONNX Runtime session: a single float input, float outputs.
 * Checks at load that the session has the inputs and outputs the manifest names, with shapes that
 * fit; runs a batch and checks what comes back. Thread-safe for {@link #run}; the owner makes sure
 * no run is in flight when it calls {@link #close()}.
 */
final class OnnxNetwork implements AutoCloseable {
    /** Marks the batch dimension in expected shapes. */
    static final long BATCH = -1;

    private final String file;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String input;
    private final List<String> outputs;
    private final long fixedBatch;

    private OnnxNetwork(String file, OrtEnvironment env, OrtSession session, String input, List<String> outputs,
            long fixedBatch) {
        this.file = file;
        this.env = env;
        this.session = session;
        this.input = input;
        this.outputs = outputs;
        this.fixedBatch = fixedBatch;
    }

    /**
     * Creates the session from the model's bytes and checks its signature.
     *
     * @param file the model's file name, for messages
     * @param bytes the model (already checksum-verified)
     * @param input the input's name
     * @param inputShape expected input shape, {@link #BATCH} first
     * @param outputs output names with their expected shapes, {@link #BATCH} first
     */
    static OnnxNetwork open(OrtEnvironment env, OrtSession.SessionOptions options, String file, byte[] bytes,
            String input, long[] inputShape, Map<String, long[]> outputs) throws BundleFormatException {
        OrtSession session;
        try {
            session = env.createSession(bytes, options);
        } catch (OrtException e) {
            throw new BundleFormatException(file + ": ONNX Runtime cannot load it: " + e.getMessage(), e);
        }
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outs = session.getOutputInfo();
            if (inputs.size() != 1 || !inputs.containsKey(input)) {
                throw new BundleFormatException(file + ": has inputs " + inputs.keySet() + ", the manifest says ["
                        + input + "]");
            }
            long[] modelInput = checkShape(file, "input", input, inputs.get(input), inputShape);
            for (Map.Entry<String, long[]> e : outputs.entrySet()) {
                NodeInfo info = outs.get(e.getKey());
                if (info == null) {
                    throw new BundleFormatException(file + ": has no output \"" + e.getKey() + "\" (it has "
                            + outs.keySet() + ")");
                }
                checkShape(file, "output", e.getKey(), info, e.getValue());
            }
            long batch = modelInput[0] > 0 ? modelInput[0] : 0;
            return new OnnxNetwork(file, env, session, input, Collections.unmodifiableList(new ArrayList<>(outputs.keySet())),
                    batch);
        } catch (OrtException e) {
            closeQuietly(session, e);
            throw new BundleFormatException(file + ": cannot read its signature: " + e.getMessage(), e);
        } catch (BundleFormatException | RuntimeException e) {
            closeQuietly(session, e);
            throw e;
        }
    }

    private static long[] checkShape(String file, String kind, String name, NodeInfo node, long[] expected)
            throws BundleFormatException {
        ValueInfo info = node.getInfo();
        if (!(info instanceof TensorInfo) || ((TensorInfo) info).type != OnnxJavaType.FLOAT) {
            throw new BundleFormatException(file + ": " + kind + " \"" + name + "\" must be a float tensor, is "
                    + info);
        }
        long[] actual = ((TensorInfo) info).getShape();
        boolean fits = actual.length == expected.length;
        for (int i = 1; fits && i < actual.length; i++) {
            fits = actual[i] < 0 || actual[i] == expected[i];
        }
        if (!fits) {
            throw new BundleFormatException(file + ": " + kind + " \"" + name + "\" has shape " + show(actual)
                    + " but the manifest implies " + show(expected));
        }
        return actual;
    }

    /**
     * Runs the network on one batch.
     *
     * @param data the input values, {@code product(shape)} floats
     * @param shape the input shape, batch first
     * @return one array per output, in the order given at {@link #open}, each checked to hold
     *     {@code batch * outputSize[i]} values
     */
    float[][] run(float[] data, long[] shape, int[] outputSizes) {
        if (fixedBatch > 0 && shape[0] != fixedBatch) {
            throw new IllegalArgumentException(file + " takes batches of exactly " + fixedBatch + ", got "
                    + shape[0]);
        }
        FloatBuffer buffer = ByteBuffer.allocateDirect(data.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        buffer.put(data);
        // Buffer's rewind: FloatBuffer's covariant override (Java 9) is missing on Android 8.
        ((java.nio.Buffer) buffer).rewind();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, buffer, shape);
                OrtSession.Result result = session.run(Collections.singletonMap(input, tensor), new LinkedHashSet<>(outputs))) {
            float[][] out = new float[outputs.size()][];
            for (int i = 0; i < out.length; i++) {
                String name = outputs.get(i);
                OnnxValue value = result.get(name).orElseThrow(
                        () -> new IllegalStateException(file + ": produced no \"" + name + "\""));
                FloatBuffer values = ((OnnxTensor) value).getFloatBuffer();
                long expected = shape[0] * (long) outputSizes[i];
                if (values == null || values.remaining() != expected) {
                    throw new IllegalStateException(file + ": output \"" + name + "\" has shape "
                            + show(((OnnxTensor) value).getInfo().getShape()) + ", expected " + expected
                            + " values for a batch of " + shape[0]);
                }
                out[i] = new float[values.remaining()];
                values.get(out[i]);
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException(file + ": ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(file + ": cannot close its ONNX Runtime session: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(OrtSession session, Exception cause) {
        try {
            session.close();
        } catch (OrtException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    static String show(long[] shape) {
        String[] dims = new String[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[i] < 0 ? "N" : String.valueOf(shape[i]);
        }
        return Arrays.toString(dims);
    }
}
