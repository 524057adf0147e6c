package dev.ali4j.api;

import java.io.IOException;

/**
 * Where a bundle's files come from (a directory, a zip archive), for {@link BundleVerifier}: the
 * one place that reads a bundle, so that each file is read and hashed once per load.
 */
interface BundleSource {
    /**
     * @param name a file name relative to the bundle, e.g. {@code encoder.onnx}
     * @return the file's bytes, or null if the bundle has no such file
     * @throws IOException if the file exists but cannot be read
     */
    byte[] read(String name) throws IOException;

    /** @return how messages name a file of this bundle: its path in a directory, its name in an archive */
    String describe(String name);

    /** @return the fault of a source without a {@value BundleManifest#FILE_NAME} */
    BundleFormatException noManifest();
}
