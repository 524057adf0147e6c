package dev.ali4j.trainer.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A thin builder over ONNX's protobuf classes: named initializers, nodes with fresh output
 * names, and float graph inputs and outputs whose first dimension is the dynamic batch "N".
 */
final class OnnxGraphBuilder {

    /** Opset 17 and IR version 8: the newest that Debian's onnx 1.12 checker accepts. */
    static final int OPSET = 17;
    static final int IR_VERSION = 8;
    static final String BATCH = "N";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;

    OnnxGraphBuilder(String name) {
        graph.setName(name);
    }

    /** Adds a float initializer and returns its name. */
    String floats(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        TensorProto.Builder t = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds an int64 initializer (shapes, split sizes) and returns its name. */
    String int64s(String name, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds a node with one output and returns the output's name. */
    String node(String op, String[] inputs, AttributeProto... attributes) {
        String output = op.toLowerCase() + "_" + counter++;
        nodeWithOutputs(op, inputs, new String[] {output}, attributes);
        return output;
    }

    /** Adds a node whose outputs are named by the caller. */
    void nodeWithOutputs(String op, String[] inputs, String[] outputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(op + "_" + counter++);
        for (String in : inputs) {
            n.addInput(in);
        }
        for (String out : outputs) {
            n.addOutput(out);
        }
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
    }

    /** Renames a value by an Identity node, to give a graph output a stable name. */
    void identity(String input, String output) {
        nodeWithOutputs("Identity", new String[] {input}, new String[] {output});
    }

    void input(String name, long... dimsAfterBatch) {
        graph.addInput(valueInfo(name, dimsAfterBatch));
    }

    void output(String name, long... dimsAfterBatch) {
        graph.addOutput(valueInfo(name, dimsAfterBatch));
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    private static ValueInfoProto valueInfo(String name, long... dimsAfterBatch) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (long d : dimsAfterBatch) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        TypeProto type = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    /** The finished model. */
    ModelProto model(String producerVersion, String docString) {
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("ali4j")
                .setProducerVersion(producerVersion)
                .setDocString(docString)
                .setGraph(graph)
                .build();
    }
}
