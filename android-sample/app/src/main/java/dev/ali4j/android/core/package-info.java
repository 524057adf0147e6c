/**
 * The sample app's platform-independent half: plain Java on {@code int[]} ARGB pixels, with no
 * {@code android.*} reference (the Maven build checks this), so that the JVM tests run it with
 * the real ONNX Runtime exactly as the phone does.
 *
 * <ul>
 *   <li>{@link dev.ali4j.android.core.ArgbImage}: a picture as Android's {@code Bitmap.getPixels}
 *       gives it.</li>
 *   <li>{@link dev.ali4j.android.core.ModelInput}: chooses the decode size and crops and scales a
 *       picture of any size to the model's input size.</li>
 *   <li>{@link dev.ali4j.android.core.MaskCanvas} and {@link dev.ali4j.android.core.FitCenter}:
 *       finger strokes on the screen to a {@link dev.ali4j.api.Mask} on the model's grid.</li>
 *   <li>{@link dev.ali4j.android.core.PictureModel}: reconstruct, inpaint and sample through
 *       ali4j's {@code LatentModel}, pictures in and out.</li>
 *   <li>{@link dev.ali4j.android.core.BundleInstaller}: copies the bundle shipped in the APK's
 *       assets to a directory the runtime can load.</li>
 *   <li>{@link dev.ali4j.android.core.BackgroundRunner}: runs inference off the UI thread and
 *       hands results back to it.</li>
 * </ul>
 */
package dev.ali4j.android.core;
