/**
 * ali4j on Apache Spark: {@link dev.ali4j.runtime.spark.LatentEncoder} encodes a DataFrame of image
 * files (Spark's {@code binaryFile} source) with a bundle, adding codes, reconstruction errors and
 * per-row errors ({@link dev.ali4j.runtime.spark.EncodedColumns}). The bundle travels zipped in a
 * broadcast variable ({@link dev.ali4j.runtime.spark.ZippedBundle}) and is verified and loaded once
 * per executor JVM ({@link dev.ali4j.runtime.spark.ExecutorModels}). Spark is a provided
 * dependency; a JVM that starts Spark itself needs {@link dev.ali4j.runtime.spark.SparkJvmOptions}.
 */
package dev.ali4j.runtime.spark;
