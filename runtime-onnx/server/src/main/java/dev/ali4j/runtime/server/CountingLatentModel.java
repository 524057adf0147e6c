package dev.ali4j.runtime.server;

import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.LatentModel;
import dev.ali4j.api.Latents;

/**
 * Passes every call straight to the model, from the calling thread (no batching), and reports
 * each call's size to the metrics, so that batch sizes are recorded with batching off as well.
 */
final class CountingLatentModel implements LatentModel {
    private final LatentModel model;
    private final BatchingLatentModel.BatchListener listener;

    CountingLatentModel(LatentModel model, BatchingLatentModel.BatchListener listener) {
        this.model = model;
        this.listener = listener;
    }

    @Override
    public BundleManifest manifest() {
        return model.manifest();
    }

    @Override
    public Latents encode(ImageTensor images) {
        Latents codes = model.encode(images);
        listener.batch("encoder", images.n());
        return codes;
    }

    @Override
    public ImageTensor decode(float[] z, int n) {
        ImageTensor images = model.decode(z, n);
        listener.batch("generator", n);
        return images;
    }

    @Override
    public ImageTensor decodePrior(float[] z, int n) {
        ImageTensor images = model.decodePrior(z, n);
        listener.batch("generator", n);
        return images;
    }

    /** Does nothing: the model is its owner's to close. */
    @Override
    public void close() {
    }
}
