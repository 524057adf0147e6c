#!/usr/bin/python3
"""Test-fixture generator for ali4j's ONNX runtime tests. NOT part of the product.

Writes a tiny, deterministic ALI bundle (minus manifest.json, which the Java tests create with
Bundles.write) to bundles/tiny/ next to this script:

  encoder.onnx    image [N,1,28,28] -> Flatten -> Gemm (784 -> 16) -> Split -> mu [N,8], log_sigma [N,8]
  generator.onnx  z [N,8] -> Gemm (8 -> 784) -> Tanh -> Reshape -> image [N,1,28,28]
  sampler.onnx    the generator with W halved, standing in for G measured on the prior (wider codes,
                  smaller normalised activations): a second z -> image network that differs
  discriminator.onnx  (image [N,1,28,28], z [N,8]) -> Flatten, Concat -> Gemm (792 -> 6) -> LeakyRelu 0.2
                  -> features [N,6] -> Gemm (6 -> 2) -> logits [N,2]
  weights.json    the same weights, so the tests can recompute both affine maps in Java

Every weight is an integer multiple of 1/1024 (exact in float32), drawn from numpy's seeded RNG,
so weights.json stores small integer numerators and the files are byte-for-byte reproducible.
Opset 17, IR version 8, batch dimension "N" dynamic.

Run with Debian's interpreter, which has python3-onnx (1.12) and numpy:
    /usr/bin/python3 runtime-onnx/core/src/test/resources/make_test_bundle.py
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SEED = 20240611
C, H, W = 1, 28, 28
D = 8
F = 6  # D's joint features
SCALE = 1024  # weights are k / SCALE
OPSET = 17
SAMPLER_W_SCALE = 0.5  # exact in float32: the numerators stay integers over 2 * SCALE
IR_VERSION = 8

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "bundles", "tiny")


def quantised_normal(rng, std, shape):
    """Integer numerators k such that k / SCALE ~ N(0, std)."""
    return np.round(rng.normal(0.0, std, size=shape) * SCALE).astype(np.int64)


def save(model, name):
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(model.SerializeToString())
    print("wrote", path)


def encoder_model(w_k, b_k):
    w = numpy_helper.from_array((w_k / SCALE).astype(np.float32), "enc_W")  # [784, 2D]
    b = numpy_helper.from_array((b_k / SCALE).astype(np.float32), "enc_b")  # [2D]
    split = numpy_helper.from_array(np.array([D, D], dtype=np.int64), "split_sizes")
    nodes = [
        helper.make_node("Flatten", ["image"], ["flat"], axis=1),
        helper.make_node("Gemm", ["flat", "enc_W", "enc_b"], ["stats"]),
        helper.make_node("Split", ["stats", "split_sizes"], ["mu", "log_sigma"], axis=1),
    ]
    graph = helper.make_graph(
        nodes, "tiny_encoder",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", C, H, W])],
        [helper.make_tensor_value_info("mu", TensorProto.FLOAT, ["N", D]),
         helper.make_tensor_value_info("log_sigma", TensorProto.FLOAT, ["N", D])],
        initializer=[w, b, split])
    return helper.make_model(graph, producer_name="ali4j-test-fixture",
                             opset_imports=[helper.make_opsetid("", OPSET)])


def generator_model(w_k, b_k, w_scale=1.0):
    w = numpy_helper.from_array((w_k * w_scale / SCALE).astype(np.float32), "gen_W")  # [D, 784]
    b = numpy_helper.from_array((b_k / SCALE).astype(np.float32), "gen_b")  # [784]
    shape = numpy_helper.from_array(np.array([-1, C, H, W], dtype=np.int64), "image_shape")
    nodes = [
        helper.make_node("Gemm", ["z", "gen_W", "gen_b"], ["pre"]),
        helper.make_node("Tanh", ["pre"], ["act"]),
        helper.make_node("Reshape", ["act", "image_shape"], ["image"]),
    ]
    graph = helper.make_graph(
        nodes, "tiny_generator",
        [helper.make_tensor_value_info("z", TensorProto.FLOAT, ["N", D])],
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", C, H, W])],
        initializer=[w, b, shape])
    return helper.make_model(graph, producer_name="ali4j-test-fixture",
                             opset_imports=[helper.make_opsetid("", OPSET)])


def discriminator_model(w1_k, b1_k, w2_k, b2_k):
    w1 = numpy_helper.from_array((w1_k / SCALE).astype(np.float32), "dis_W1")  # [784 + D, F]
    b1 = numpy_helper.from_array((b1_k / SCALE).astype(np.float32), "dis_b1")  # [F]
    w2 = numpy_helper.from_array((w2_k / SCALE).astype(np.float32), "dis_W2")  # [F, 2]
    b2 = numpy_helper.from_array((b2_k / SCALE).astype(np.float32), "dis_b2")  # [2]
    nodes = [
        helper.make_node("Flatten", ["image"], ["flat"], axis=1),
        helper.make_node("Concat", ["flat", "z"], ["joined"], axis=1),
        helper.make_node("Gemm", ["joined", "dis_W1", "dis_b1"], ["hidden"]),
        helper.make_node("LeakyRelu", ["hidden"], ["features"], alpha=0.2),
        helper.make_node("Gemm", ["features", "dis_W2", "dis_b2"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes, "tiny_discriminator",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", C, H, W]),
         helper.make_tensor_value_info("z", TensorProto.FLOAT, ["N", D])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 2]),
         helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", F])],
        initializer=[w1, b1, w2, b2])
    return helper.make_model(graph, producer_name="ali4j-test-fixture",
                             opset_imports=[helper.make_opsetid("", OPSET)])


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(SEED)
    pixels = C * H * W
    enc_w = quantised_normal(rng, 0.05, (pixels, 2 * D))
    enc_b = quantised_normal(rng, 0.1, (2 * D,))
    gen_w = quantised_normal(rng, 0.3, (D, pixels))
    gen_b = quantised_normal(rng, 0.1, (pixels,))
    # Drawn after E's and G's weights, so that adding D left their files unchanged.
    dis_w1 = quantised_normal(rng, 0.05, (pixels + D, F))
    dis_b1 = quantised_normal(rng, 0.1, (F,))
    dis_w2 = quantised_normal(rng, 0.3, (F, 2))
    dis_b2 = quantised_normal(rng, 0.1, (2,))

    save(encoder_model(enc_w, enc_b), "encoder.onnx")
    save(generator_model(gen_w, gen_b), "generator.onnx")
    save(discriminator_model(dis_w1, dis_b1, dis_w2, dis_b2), "discriminator.onnx")
    save(generator_model(gen_w, gen_b, SAMPLER_W_SCALE), "sampler.onnx")

    weights = {
        "comment": "Test fixture written by make_test_bundle.py. value = numerator / scale; "
                   "matrices are row-major, shapes as given (Gemm: y = x W + b).",
        "scale": SCALE,
        "channels": C, "height": H, "width": W, "latentSize": D,
        "encoder": {"W": {"shape": list(enc_w.shape), "numerators": enc_w.ravel().tolist()},
                    "b": {"shape": list(enc_b.shape), "numerators": enc_b.tolist()}},
        "generator": {"W": {"shape": list(gen_w.shape), "numerators": gen_w.ravel().tolist()},
                      "b": {"shape": list(gen_b.shape), "numerators": gen_b.tolist()}},
        "discriminator": {"W1": {"shape": list(dis_w1.shape), "numerators": dis_w1.ravel().tolist()},
                          "b1": {"shape": list(dis_b1.shape), "numerators": dis_b1.tolist()},
                          "W2": {"shape": list(dis_w2.shape), "numerators": dis_w2.ravel().tolist()},
                          "b2": {"shape": list(dis_b2.shape), "numerators": dis_b2.tolist()}},
    }
    path = os.path.join(OUT, "weights.json")
    with open(path, "w") as f:
        json.dump(weights, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
