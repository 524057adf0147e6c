package dev.ali4j.runtime.server;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Small files that are expensive to decode, as a hostile-client review made them: what the
 * server's limits are tested against, by its tests and by {@code ali bench soak}. Each is valid
 * enough for a decoder to start on it.
 */
public final class HostileImages {
    private HostileImages() {
    }

    /**
     * A grey progressive JPEG of {@code size x size} whose last Huffman-table and scan segments
     * are repeated {@code repeats} times before the end marker: each repeat makes the decoder
     * pass over the whole image again.
     */
    public static byte[] progressiveScanBomb(int size, int repeats) throws IOException {
        // Flat grey: every scan after the first codes nothing but end-of-band runs, a few bytes.
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = out.toByteArray();
        int lastScan = lastMarker(jpeg, 0xda);
        int tables = lastMarkerBefore(jpeg, 0xc4, lastScan);
        int from = tables >= 0 ? tables : lastScan;
        int end = jpeg.length - 2; // the end-of-image marker
        byte[] segment = Arrays.copyOfRange(jpeg, from, end);
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write(jpeg, 0, end);
        for (int i = 0; i < repeats; i++) {
            bomb.write(segment);
        }
        bomb.write(jpeg, end, 2);
        return bomb.toByteArray();
    }

    private static int lastMarker(byte[] b, int marker) {
        return lastMarkerBefore(b, marker, b.length);
    }

    private static int lastMarkerBefore(byte[] b, int marker, int before) {
        for (int i = before - 2; i >= 0; i--) {
            if ((b[i] & 0xff) == 0xff && (b[i + 1] & 0xff) == marker) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A little-endian TIFF of {@code size x size} pixels of {@code samples} float32 samples each,
     * one deflated strip of zeros: a few kilobytes that declare {@code size^2 * samples * 4} bytes.
     */
    public static byte[] samplesPerPixelBomb(int size, int samples) {
        byte[] strip = deflatedZeros(64 * 1024);
        int entries = 12;
        int ifd = 8;
        int arrays = ifd + 2 + entries * 12 + 4;
        int bits = arrays;
        int formats = bits + samples * 2;
        int extras = formats + samples * 2;
        int data = extras + (samples - 1) * 2;
        ByteBuffer b = ByteBuffer.allocate(data + strip.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd);
        b.putShort((short) entries);
        entry(b, 256, 4, 1, size);                // ImageWidth
        entry(b, 257, 4, 1, size);                // ImageLength
        entry(b, 258, 3, samples, bits);          // BitsPerSample: 32 each
        entry(b, 259, 3, 1, 8);                   // Compression: deflate
        entry(b, 262, 3, 1, 1);                   // Photometric: black is zero
        entry(b, 273, 4, 1, data);                // StripOffsets
        entry(b, 277, 3, 1, samples);             // SamplesPerPixel
        entry(b, 278, 4, 1, size);                // RowsPerStrip
        entry(b, 279, 4, 1, strip.length);        // StripByteCounts
        entry(b, 284, 3, 1, 1);                   // PlanarConfiguration: chunky
        entry(b, 338, 3, samples - 1, extras);    // ExtraSamples: unspecified
        entry(b, 339, 3, samples, formats);       // SampleFormat: IEEE float
        b.putInt(0);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) 32);
        }
        for (int i = 0; i < samples; i++) {
            b.putShort((short) 3);
        }
        for (int i = 0; i < samples - 1; i++) {
            b.putShort((short) 0);
        }
        b.put(strip);
        return b.array();
    }

    private static void entry(ByteBuffer b, int tag, int type, int count, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3 && count == 1) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
    }

    private static byte[] deflatedZeros(int length) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(new byte[length]);
        deflater.finish();
        byte[] out = new byte[length];
        int n = deflater.deflate(out);
        deflater.end();
        return Arrays.copyOf(out, n);
    }

    /** A {@code size x size} RGB PNG of a few flat bands: small to send, large to decode. */
    public static byte[] largeFlatPng(int size) throws IOException {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[size];
        for (int y = 0; y < size; y++) {
            Arrays.fill(row, (y / 256) * 0x0f0a05);
            image.setRGB(0, y, size, 1, row, 0, size);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /**
     * A {@code size x size} PNG of 16-bit RGBA samples, Adam7-interlaced, in flat bands: small to
     * send and, at 4096, exactly the default limit of decoded bytes (128 MiB), slow to decode
     * (seven passes over wide samples) and abortable between rows, unlike a JPEG.
     */
    public static byte[] slowPng(int size) throws IOException {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(size, size);
        int[] row = new int[size];
        for (int y = 0; y < size; y++) {
            for (int band = 0; band < 4; band++) {
                Arrays.fill(row, band == 3 ? 0xffff : (y / 256 * 4099 + band * 977) & 0xffff);
                raster.setSamples(0, y, size, 1, band, row);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam interlaced = writer.getDefaultWriteParam();
            interlaced.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new IIOImage(new BufferedImage(model, raster, false, null), null, null), interlaced);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
