package dev.ali4j.runtime.image;

/**
 * Reads the structure of JPEG and PNG files, without decoding any pixel, to refuse files whose
 * decode would cost far more than their size suggests: a progressive JPEG with thousands of
 * scans (each scan makes the decoder pass over the whole image again), or metadata segments
 * that dwarf the pixels. Other formats pass unchecked here; their pixels are bounded by the
 * header checks in {@link ImageFiles}.
 */
final class ContainerCheck {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ContainerCheck() {
    }

    /**
     * @throws ImageFormatException (too large) naming the image and the count over its limit
     */
    static void check(byte[] bytes, String name, ImageOptions options) throws ImageFormatException {
        if (bytes.length > 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8) {
            checkJpeg(bytes, name, options);
        } else if (startsWith(bytes, PNG_SIGNATURE)) {
            checkPng(bytes, name, options);
        }
    }

    /** Walks the JPEG's segments: counts start-of-scan markers and sums application and comment segments. */
    private static void checkJpeg(byte[] b, String name, ImageOptions options) throws ImageFormatException {
        int scans = 0;
        long metadata = 0;
        int i = 2;
        while (i + 3 < b.length) {
            if ((b[i] & 0xff) != 0xff) {
                i++; // junk between segments: decoders skip it to the next marker, so must we
                continue;
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xff) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xd9) {
                return; // end of image
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                i += 2; // markers without a length
                continue;
            }
            int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            if ((marker >= 0xe0 && marker <= 0xef) || marker == 0xfe) {
                metadata += length;
                if (metadata > options.maxMetadataBytes()) {
                    throw tooLarge(name, "JPEG metadata (APPn and COM segments) of more than "
                            + options.maxMetadataBytes() + " bytes");
                }
            }
            i += 2 + length;
            if (marker == 0xda) {
                if (++scans > options.maxScans()) {
                    throw tooLarge(name, "more than " + options.maxScans() + " JPEG scans (a progressive JPEG"
                            + " is decoded once per scan)");
                }
                i = skipEntropyCodedData(b, i);
            }
        }
    }

    /** The index of the first marker after a scan's data: an 0xFF not followed by 0x00 or a restart marker. */
    private static int skipEntropyCodedData(byte[] b, int i) {
        while (i + 1 < b.length) {
            if ((b[i] & 0xff) == 0xff) {
                int next = b[i + 1] & 0xff;
                if (next != 0x00 && !(next >= 0xd0 && next <= 0xd7) && next != 0xff) {
                    return i;
                }
            }
            i++;
        }
        return b.length;
    }

    /** Sums the PNG's ancillary chunks (text, profiles, ...): everything but the image's own. */
    private static void checkPng(byte[] b, String name, ImageOptions options) throws ImageFormatException {
        long metadata = 0;
        int i = PNG_SIGNATURE.length;
        while (i + 8 <= b.length) {
            long length = ((b[i] & 0xffL) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8)
                    | (b[i + 3] & 0xff);
            String type = new String(b, i + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!type.equals("IHDR") && !type.equals("PLTE") && !type.equals("IDAT") && !type.equals("IEND")
                    && !type.equals("tRNS")) {
                metadata += length;
                if (metadata > options.maxMetadataBytes()) {
                    throw tooLarge(name, "PNG metadata (chunks other than the image's) of more than "
                            + options.maxMetadataBytes() + " bytes");
                }
            }
            if (type.equals("IEND")) {
                return;
            }
            i += 12 + (int) Math.min(length, Integer.MAX_VALUE - 12);
            if (i < 0) {
                return;
            }
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static ImageFormatException tooLarge(String name, String what) {
        return new ImageFormatException(name + ": refused before decoding: " + what, true);
    }
}
