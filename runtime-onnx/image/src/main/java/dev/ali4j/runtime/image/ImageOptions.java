package dev.ali4j.runtime.image;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * How {@link ImageFiles} treats an image before decoding and when its size is not the model's.
 * Immutable. Every limit is checked on what the file declares, before its pixels are decoded, so
 * that a small file cannot make the decoder spend seconds of CPU or gigabytes of memory.
 *
 * <ul>
 *   <li>{@link #maxPixels()}: width x height of the image; default {@value #DEFAULT_MAX_PIXELS}
 *       (4096 x 4096).</li>
 *   <li>{@link #maxDecodedBytes()}: width x height x samples per pixel x bytes per sample, summed
 *       over every frame or page; default {@value #DEFAULT_MAX_DECODED_BYTES} (128 MiB): a
 *       4096 x 4096 image of 8 bytes per pixel.</li>
 *   <li>{@link #maxFrames()}: frames (GIF) or pages (TIFF); default {@value #DEFAULT_MAX_FRAMES}.</li>
 *   <li>{@link #maxScans()}: scans of a JPEG (a progressive JPEG is decoded once per scan; common
 *       encoders write up to about 10); default {@value #DEFAULT_MAX_SCANS}.</li>
 *   <li>{@link #maxMetadataBytes()}: JPEG application and comment segments, PNG ancillary
 *       chunks; default {@value #DEFAULT_MAX_METADATA_BYTES} (1 MiB).</li>
 *   <li>{@link #decodeTimeout()}: a decode that takes longer is aborted; default 10 s.</li>
 *   <li>{@link #admission()}: decodes at once and memory for all of them (a server's
 *       {@link DecodeAdmission}); default none.</li>
 *   <li>{@link #cancelled()}: polled while decoding; when it turns true (the client has gone),
 *       the decode is abandoned; default never.</li>
 *   <li>{@link #resize()}: {@link Resize#COVER_AND_CROP} (the default) scales an image of
 *       another size so that it covers the model's size and crops the centre (see
 *       {@link ImageFiles}); {@link Resize#REJECT} refuses it instead.</li>
 * </ul>
 *
 * <pre>{@code
 * ImageOptions strict = ImageOptions.defaults().withResize(ImageOptions.Resize.REJECT).withMaxPixels(1 << 20);
 * ImageTensor x = ImageFiles.decode(bytes, "upload", spec, strict);
 * }</pre>
 */
public final class ImageOptions {
    /** Default pixel limit: 4096 x 4096. */
    public static final long DEFAULT_MAX_PIXELS = 4096L * 4096L;
    /** Default limit of decoded bytes, all frames together: 128 MiB. */
    public static final long DEFAULT_MAX_DECODED_BYTES = 128L << 20;
    /** Default limit of frames or pages. */
    public static final int DEFAULT_MAX_FRAMES = 64;
    /** Default limit of JPEG scans. */
    public static final int DEFAULT_MAX_SCANS = 64;
    /** Default limit of metadata: 1 MiB. */
    public static final long DEFAULT_MAX_METADATA_BYTES = 1L << 20;
    /** Default decode deadline, in s. */
    public static final int DEFAULT_DECODE_TIMEOUT_S = 10;
    /** Default decode deadline. */
    public static final Duration DEFAULT_DECODE_TIMEOUT = Duration.ofSeconds(DEFAULT_DECODE_TIMEOUT_S);

    private static final BooleanSupplier NEVER = () -> false;
    private static final ImageOptions DEFAULTS = new ImageOptions(DEFAULT_MAX_PIXELS, Resize.COVER_AND_CROP,
            DEFAULT_MAX_DECODED_BYTES, DEFAULT_MAX_FRAMES, DEFAULT_MAX_SCANS, DEFAULT_MAX_METADATA_BYTES,
            DEFAULT_DECODE_TIMEOUT, null, NEVER);

    private final long maxPixels;
    private final Resize resize;
    private final long maxDecodedBytes;
    private final int maxFrames;
    private final int maxScans;
    private final long maxMetadataBytes;
    private final Duration decodeTimeout;
    private final DecodeAdmission admission;
    private final BooleanSupplier cancelled;

    /** What to do with an image whose size is not the model's. */
    public enum Resize {
        /** Scale to cover the model's size (bilinear, with 2x2 averaging while halving), crop the centre. */
        COVER_AND_CROP,
        /** Refuse it with an {@link ImageFormatException} naming both sizes. */
        REJECT
    }

    private ImageOptions(long maxPixels, Resize resize, long maxDecodedBytes, int maxFrames, int maxScans,
            long maxMetadataBytes, Duration decodeTimeout, DecodeAdmission admission, BooleanSupplier cancelled) {
        if (maxPixels < 1 || maxDecodedBytes < 1 || maxFrames < 1 || maxScans < 1 || maxMetadataBytes < 0) {
            throw new IllegalArgumentException("image limits must be positive: pixels " + maxPixels + ", decoded bytes "
                    + maxDecodedBytes + ", frames " + maxFrames + ", scans " + maxScans + ", metadata bytes "
                    + maxMetadataBytes);
        }
        if (resize == null || cancelled == null) {
            throw new IllegalArgumentException("resize and cancelled must not be null");
        }
        if (decodeTimeout == null || decodeTimeout.isNegative() || decodeTimeout.isZero()) {
            throw new IllegalArgumentException("the decode timeout must be positive, got " + decodeTimeout);
        }
        this.maxPixels = maxPixels;
        this.resize = resize;
        this.maxDecodedBytes = maxDecodedBytes;
        this.maxFrames = maxFrames;
        this.maxScans = maxScans;
        this.maxMetadataBytes = maxMetadataBytes;
        this.decodeTimeout = decodeTimeout;
        this.admission = admission;
        this.cancelled = cancelled;
    }

    /** @return the limits above at their defaults, cover and crop, no admission control */
    public static ImageOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param pixels the most pixels an image may declare, at least 1
     * @return a copy with that limit
     */
    public ImageOptions withMaxPixels(long pixels) {
        return new ImageOptions(pixels, resize, maxDecodedBytes, maxFrames, maxScans, maxMetadataBytes, decodeTimeout,
                admission, cancelled);
    }

    /**
     * @param policy what to do with other sizes
     * @return a copy with that policy
     */
    public ImageOptions withResize(Resize policy) {
        return new ImageOptions(maxPixels, policy, maxDecodedBytes, maxFrames, maxScans, maxMetadataBytes,
                decodeTimeout, admission, cancelled);
    }

    /**
     * @param bytes the most decoded bytes, all frames together
     * @param frames the most frames or pages
     * @param scans the most JPEG scans
     * @param metadataBytes the most metadata bytes
     * @return a copy with these limits
     */
    public ImageOptions withDecodeLimits(long bytes, int frames, int scans, long metadataBytes) {
        return new ImageOptions(maxPixels, resize, bytes, frames, scans, metadataBytes, decodeTimeout, admission,
                cancelled);
    }

    /**
     * @param timeout how long one decode may take, positive
     * @return a copy with that deadline
     */
    public ImageOptions withDecodeTimeout(Duration timeout) {
        return new ImageOptions(maxPixels, resize, maxDecodedBytes, maxFrames, maxScans, maxMetadataBytes, timeout,
                admission, cancelled);
    }

    /**
     * @param control the admission every decode goes through, or null for none
     * @return a copy with it
     */
    public ImageOptions withAdmission(DecodeAdmission control) {
        return new ImageOptions(maxPixels, resize, maxDecodedBytes, maxFrames, maxScans, maxMetadataBytes,
                decodeTimeout, control, cancelled);
    }

    /**
     * @param signal true once the decode's result is no longer wanted (e.g. the client disconnected)
     * @return a copy that abandons decodes when the signal turns true
     */
    public ImageOptions withCancellation(BooleanSupplier signal) {
        return new ImageOptions(maxPixels, resize, maxDecodedBytes, maxFrames, maxScans, maxMetadataBytes,
                decodeTimeout, admission, signal);
    }

    /** @return the most pixels (width x height) an image may declare */
    public long maxPixels() {
        return maxPixels;
    }

    /** @return what happens to an image of another size */
    public Resize resize() {
        return resize;
    }

    /** @return the most decoded bytes, all frames together */
    public long maxDecodedBytes() {
        return maxDecodedBytes;
    }

    /** @return the most frames or pages */
    public int maxFrames() {
        return maxFrames;
    }

    /** @return the most JPEG scans */
    public int maxScans() {
        return maxScans;
    }

    /** @return the most metadata bytes */
    public long maxMetadataBytes() {
        return maxMetadataBytes;
    }

    /** @return how long one decode may take */
    public Duration decodeTimeout() {
        return decodeTimeout;
    }

    /** @return the admission control, or null */
    public DecodeAdmission admission() {
        return admission;
    }

    /** @return the cancellation signal */
    public BooleanSupplier cancelled() {
        return cancelled;
    }

    @Override
    public String toString() {
        return "ImageOptions[maxPixels=" + maxPixels + ", resize=" + resize + ", maxDecodedBytes=" + maxDecodedBytes
                + ", maxFrames=" + maxFrames + ", maxScans=" + maxScans + ", maxMetadataBytes=" + maxMetadataBytes
                + ", decodeTimeout=" + decodeTimeout + ", admission=" + admission + "]";
    }
}
