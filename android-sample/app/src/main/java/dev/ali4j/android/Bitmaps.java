package dev.ali4j.android;

import android.graphics.Bitmap;
import android.graphics.BitmapFactory;
import dev.ali4j.android.core.ArgbImage;
import dev.ali4j.android.core.ModelInput;
import dev.ali4j.api.ImageSpec;
import java.io.IOException;
import java.io.InputStream;

/** Android bitmaps to {@link ArgbImage}s and back: the only place the app touches pixels through Android. */
final class Bitmaps {
    private Bitmaps() {
    }

    /** Opens a picture's bytes; called twice, once for its size and once to decode it. */
    interface Source {
        InputStream open() throws IOException;
    }

    /** @return the bitmap's pixels as {@code 0xAARRGGBB} */
    static ArgbImage toArgb(Bitmap bitmap) {
        Bitmap readable = bitmap.getConfig() == Bitmap.Config.ARGB_8888 ? bitmap
                : bitmap.copy(Bitmap.Config.ARGB_8888, false);
        int w = readable.getWidth();
        int h = readable.getHeight();
        int[] argb = new int[w * h];
        readable.getPixels(argb, 0, w, 0, 0, w, h);
        return new ArgbImage(argb, w, h);
    }

    /** @return a new ARGB_8888 bitmap with the picture's pixels */
    static Bitmap toBitmap(ArgbImage picture) {
        return Bitmap.createBitmap(picture.pixels(), picture.width(), picture.height(), Bitmap.Config.ARGB_8888);
    }

    /**
     * Decodes a picture file (JPEG, PNG, WebP, ...) subsampled to little more than the model needs
     * ({@link ModelInput#decodeSampleSize}), so a 12-megapixel photo never fills the memory.
     *
     * @throws IOException if the bytes cannot be read or are no picture Android can decode
     */
    static ArgbImage decode(Source source, ImageSpec spec) throws IOException {
        BitmapFactory.Options bounds = new BitmapFactory.Options();
        bounds.inJustDecodeBounds = true;
        try (InputStream in = source.open()) {
            BitmapFactory.decodeStream(in, null, bounds);
        }
        if (bounds.outWidth <= 0 || bounds.outHeight <= 0) {
            throw new IOException("not a picture Android can decode");
        }
        BitmapFactory.Options options = new BitmapFactory.Options();
        options.inSampleSize = ModelInput.decodeSampleSize(bounds.outWidth, bounds.outHeight, spec);
        options.inPreferredConfig = Bitmap.Config.ARGB_8888;
        Bitmap bitmap;
        try (InputStream in = source.open()) {
            bitmap = BitmapFactory.decodeStream(in, null, options);
        }
        if (bitmap == null) {
            throw new IOException("not a picture Android can decode");
        }
        try {
            return toArgb(bitmap);
        } finally {
            bitmap.recycle();
        }
    }
}
