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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One network of a bundle in one ONNX Runtime session: float inputs, float outputs.
 * Checks at load that the session has the inputs and outputs the manifest names, with shapes that
 * fit; runs a batch and checks what comes back. Thread-safe for {@link #run}; the owner makes sure
 * no run is in flight when it calls {@link #close()}.
 */
final class OnnxNetwork implements AutoCloseable {
    /** Marks the batch dimension in expected shapes. */
    static final long BATCH = -1;
    /** Marks a dimension of an expected shape that the model decides, e.g. D's feature width. */
    static final long ANY = -2;

    private final String file;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final List<String> inputs;
    private final List<String> outputs;
    private final long fixedBatch;
    private final Map<String, long[]> outputShapes;

    private OnnxNetwork(String file, OrtEnvironment env, OrtSession session, List<String> inputs,
            List<String> outputs, long fixedBatch, Map<String, long[]> outputShapes) {
        this.outputShapes = outputShapes;
        this.file = file;
        this.env = env;
        this.session = session;
        this.inputs = inputs;
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
        return open(env, options, file, bytes, Collections.singletonMap(input, inputShape), outputs);
    }

    /**
     * As {@link #open(OrtEnvironment, OrtSession.SessionOptions, String, byte[], String, long[], Map)}
     * for a network of several inputs, all with the same batch.
     *
     * @param expectedInputs input names with their expected shapes, {@link #BATCH} first, in order
     */
    static OnnxNetwork open(OrtEnvironment env, OrtSession.SessionOptions options, String file, byte[] bytes,
            Map<String, long[]> expectedInputs, Map<String, long[]> outputs) throws BundleFormatException {
        OrtSession session;
        try {
            session = env.createSession(bytes, options);
        } catch (OrtException e) {
            throw new BundleFormatException(file + ": ONNX Runtime cannot load it: " + e.getMessage(), e);
        }
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outs = session.getOutputInfo();
            if (!inputs.keySet().equals(expectedInputs.keySet())) {
                throw new BundleFormatException(file + ": has inputs " + inputs.keySet() + ", the manifest says "
                        + expectedInputs.keySet());
            }
            long batch = 0;
            for (Map.Entry<String, long[]> e : expectedInputs.entrySet()) {
                long[] modelInput = checkShape(file, "input", e.getKey(), inputs.get(e.getKey()), e.getValue());
                batch = Math.max(batch, modelInput[0]);
            }
            Map<String, long[]> outputShapes = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> e : outputs.entrySet()) {
                NodeInfo info = outs.get(e.getKey());
                if (info == null) {
                    throw new BundleFormatException(file + ": has no output \"" + e.getKey() + "\" (it has "
                            + outs.keySet() + ")");
                }
                outputShapes.put(e.getKey(), checkShape(file, "output", e.getKey(), info, e.getValue()));
            }
            return new OnnxNetwork(file, env, session,
                    Collections.unmodifiableList(new ArrayList<>(expectedInputs.keySet())),
                    Collections.unmodifiableList(new ArrayList<>(outputs.keySet())), batch, outputShapes);
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
            fits = actual[i] < 0 || expected[i] == ANY || actual[i] == expected[i];
        }
        if (!fits) {
            throw new BundleFormatException(file + ": " + kind + " \"" + name + "\" has shape " + show(actual)
                    + " but the manifest implies " + show(expected));
        }
        return actual;
    }

    /**
     * @param output a name given at {@link #open}
     * @return its shape as the model declares it (negative where dynamic)
     */
    long[] outputShape(String output) {
        return outputShapes.get(output).clone();
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
        return run(new float[][] {data}, new long[][] {shape}, outputSizes);
    }

    /**
     * Runs the network on one batch of several inputs, given in the order of {@link #open}.
     *
     * @param data each input's values
     * @param shapes each input's shape, batch first (the same batch for all)
     */
    float[][] run(float[][] data, long[][] shapes, int[] outputSizes) {
        long[] shape = shapes[0];
        if (fixedBatch > 0 && shape[0] != fixedBatch) {
            throw new IllegalArgumentException(file + " takes batches of exactly " + fixedBatch + ", got "
                    + shape[0]);
        }
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            for (int i = 0; i < inputs.size(); i++) {
                feed.put(inputs.get(i), tensor(data[i], shapes[i]));
            }
            return run(feed, shape[0], outputSizes);
        } catch (OrtException e) {
            throw new IllegalStateException(file + ": ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            for (OnnxTensor tensor : feed.values()) {
                tensor.close();
            }
        }
    }

    private OnnxTensor tensor(float[] data, long[] shape) throws OrtException {
        FloatBuffer buffer = ByteBuffer.allocateDirect(data.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        buffer.put(data);
        // Buffer's rewind: FloatBuffer's covariant override (Java 9) is missing on Android 8.
        ((java.nio.Buffer) buffer).rewind();
        return OnnxTensor.createTensor(env, buffer, shape);
    }

    private float[][] run(Map<String, OnnxTensor> feed, long batch, int[] outputSizes) throws OrtException {
        try (OrtSession.Result result = session.run(feed, new LinkedHashSet<>(outputs))) {
            float[][] out = new float[outputs.size()][];
            for (int i = 0; i < out.length; i++) {
                String name = outputs.get(i);
                OnnxValue value = result.get(name).orElseThrow(
                        () -> new IllegalStateException(file + ": produced no \"" + name + "\""));
                FloatBuffer values = ((OnnxTensor) value).getFloatBuffer();
                long expected = batch * (long) outputSizes[i];
                if (values == null || values.remaining() != expected) {
                    throw new IllegalStateException(file + ": output \"" + name + "\" has shape "
                            + show(((OnnxTensor) value).getInfo().getShape()) + ", expected " + expected
                            + " values for a batch of " + batch);
                }
                out[i] = new float[values.remaining()];
                values.get(out[i]);
            }
            return out;
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
