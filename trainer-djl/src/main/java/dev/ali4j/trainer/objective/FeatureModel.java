package dev.ali4j.trainer.objective;

import ai.djl.ndarray.NDArray;

/**
 * The frozen pre-trained model M of GALI's pre-trained-feature objective: its parameters never
 * change, but gradients flow through it to the images it is given.
 */
public interface FeatureModel {

    /** M(x): features (N, F) of images (N, C, H, W) in [-1, 1]. */
    NDArray features(NDArray images);

    /** F. */
    int featureSize();
}
