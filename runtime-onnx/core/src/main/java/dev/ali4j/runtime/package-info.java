/**
 * ali4j's runtime on ONNX Runtime: {@link dev.ali4j.runtime.OnnxLatentModel} loads a verified
 * bundle and runs encode, decode and reconstruct. Java 11, no AWT, no ImageIO: usable on Android
 * (with {@code onnxruntime-android} in place of {@code onnxruntime}).
 */
package dev.ali4j.runtime;
