package dev.ali4j.runtime.spark;

import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.Bundles;
import dev.ali4j.runtime.server.TestBundle;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The test bundle with a manifest of its own (the dataset field names the test), so that its key
 * differs from every other test's: {@link ExecutorModels} caches per JVM, and the test classes
 * share one.
 */
final class DistinctBundle {
    private DistinctBundle() {
    }

    static Path install(Path dir, String name) throws IOException {
        TestBundle.install(dir);
        BundleManifest manifest = BundleManifest.read(dir.resolve(BundleManifest.FILE_NAME));
        Bundles.write(dir, manifest.toBuilder().training(manifest.training().toBuilder().dataset(name).build()).build());
        return dir;
    }
}
