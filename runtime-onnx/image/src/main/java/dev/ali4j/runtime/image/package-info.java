/**
 * Image files on a server or desktop: {@link dev.ali4j.runtime.image.ImageFiles} reads them into
 * tensors shaped for a bundle and writes PNGs and sample grids;
 * {@link dev.ali4j.runtime.image.MaskFiles} reads inpainting masks. Uses AWT and ImageIO, so not for
 * Android (use {@link dev.ali4j.api.PixelCodec} with {@code Bitmap} pixels there).
 */
package dev.ali4j.runtime.image;
