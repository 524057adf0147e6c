package dev.ali4j.runtime.image;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DecodeAdmissionTest {
    private static final long MIB = 1L << 20;

    @Test
    void aDecodeLargerThanTheWholeBudgetIsTooLargeNotBusy() {
        DecodeAdmission admission = new DecodeAdmission(100 * MIB, 2, Duration.ofMillis(10));
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> admission.acquire(300 * MIB, "big"));
        assertFalse(e instanceof DecodeBusyException);
        assertTrue(e.tooLarge());
        assertTrue(e.getMessage().equals("big: decoding it needs about 300 MiB, more than the whole decode budget of "
                + "100 MiB"), e.getMessage());
    }

    @Test
    void decodesWaitForRoomThenGetBusyAndRoomComesBackOnClose() throws Exception {
        DecodeAdmission admission = new DecodeAdmission(100 * MIB, 2, Duration.ofMillis(50));
        DecodeAdmission.Permit first = admission.acquire(70 * MIB, "a");
        DecodeBusyException memory = assertThrows(DecodeBusyException.class, () -> admission.acquire(40 * MIB, "b"));
        assertTrue(memory.getMessage().contains("the decode budget of 100 MiB had no room for 40 MiB"),
                memory.getMessage());
        DecodeAdmission.Permit second = admission.acquire(20 * MIB, "c");
        DecodeBusyException slots = assertThrows(DecodeBusyException.class, () -> admission.acquire(1, "d"));
        assertTrue(slots.getMessage().contains("all 2 decode slots stayed taken"), slots.getMessage());
        first.close();
        first.close(); // idempotent: gives back once
        second.close();
        admission.acquire(100 * MIB, "e").close();
    }

    @Test
    void jpegScansAndMetadataAreCountedFromTheMarkers() {
        // SOI, an APP1 segment of 2 KiB, then three scans (SOS + 1 byte of data each), EOI.
        java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
        jpeg.write(0xff);
        jpeg.write(0xd8);
        jpeg.write(0xff);
        jpeg.write(0xe1);
        int app = 2048;
        jpeg.write(app >> 8);
        jpeg.write(app & 0xff);
        jpeg.writeBytes(new byte[app - 2]);
        for (int i = 0; i < 3; i++) {
            jpeg.writeBytes(new byte[] {(byte) 0xff, (byte) 0xda, 0, 3, 0, 0x12});
        }
        jpeg.writeBytes(new byte[] {(byte) 0xff, (byte) 0xd9});
        byte[] bytes = jpeg.toByteArray();
        ImageOptions options = ImageOptions.defaults();
        ImageFormatException scans = assertThrows(ImageFormatException.class, () -> ContainerCheck.check(bytes, "j",
                options.withDecodeLimits(options.maxDecodedBytes(), options.maxFrames(), 2, options.maxMetadataBytes())));
        assertTrue(scans.getMessage().contains("more than 2 JPEG scans"), scans.getMessage());
        // Junk between segments, which decoders skip, does not hide the scans behind it.
        byte[] junk = new byte[bytes.length + 1];
        junk[0] = bytes[0];
        junk[1] = bytes[1];
        System.arraycopy(bytes, 2, junk, 3, bytes.length - 2);
        ImageFormatException hidden = assertThrows(ImageFormatException.class, () -> ContainerCheck.check(junk, "j",
                options.withDecodeLimits(options.maxDecodedBytes(), options.maxFrames(), 2, options.maxMetadataBytes())));
        assertTrue(hidden.getMessage().contains("more than 2 JPEG scans"), hidden.getMessage());
        ImageFormatException metadata = assertThrows(ImageFormatException.class, () -> ContainerCheck.check(bytes, "j",
                options.withDecodeLimits(options.maxDecodedBytes(), options.maxFrames(), 64, 1024)));
        assertTrue(metadata.getMessage().contains("JPEG metadata (APPn and COM segments) of more than 1024 bytes"),
                metadata.getMessage());
    }
}
