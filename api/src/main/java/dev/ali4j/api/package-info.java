/**
 * ali4j's engine-independent API: the bundle format ({@link dev.ali4j.api.BundleManifest},
 * {@link dev.ali4j.api.Bundles}) and its optional signature ({@link dev.ali4j.api.BundleSignature},
 * {@link dev.ali4j.api.BundleKeys}), tensors ({@link dev.ali4j.api.ImageTensor},
 * {@link dev.ali4j.api.Latents}), pixel conversion ({@link dev.ali4j.api.PixelCodec}) and the
 * model interface ({@link dev.ali4j.api.LatentModel}), and the latent-space operations built on
 * any model: {@link dev.ali4j.api.Sampling} (prior samples, stochastic codes),
 * {@link dev.ali4j.api.Interpolation} (linear and spherical paths) and
 * {@link dev.ali4j.api.Inpainting} with a {@link dev.ali4j.api.Mask}. Java 11, no AWT, no
 * ImageIO: usable on Android.
 */
package dev.ali4j.api;
