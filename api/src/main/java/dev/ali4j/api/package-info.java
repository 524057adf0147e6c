/**
 * ali4j's engine-independent API: the bundle format ({@link dev.ali4j.api.BundleManifest},
 * {@link dev.ali4j.api.Bundles}), tensors ({@link dev.ali4j.api.ImageTensor},
 * {@link dev.ali4j.api.Latents}), pixel conversion ({@link dev.ali4j.api.PixelCodec}) and the
 * model interface ({@link dev.ali4j.api.LatentModel}). Java 11, no AWT, no ImageIO: usable on
 * Android.
 */
package dev.ali4j.api;
