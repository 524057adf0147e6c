package dev.ali4j.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageSpecTest {
    private final ImageSpec grey28 = new ImageSpec(1, 28, 28, 0f, 1f);

    @Test
    void theShapeIsComparedWithoutThePixelRange() {
        assertTrue(grey28.hasShape(1, 28, 28));
        assertFalse(grey28.hasShape(3, 28, 28));
        assertFalse(grey28.hasShape(1, 28, 32));
        assertDoesNotThrow(() -> grey28.checkShape("images", 1, 28, 28, "the model takes"));
    }

    @Test
    void aMismatchNamesBothShapesAndWhatDiffers() {
        assertEquals("encode: images are 3x28x28 but this model takes 1x28x28 (channels x height x width): the "
                + "channels differ", message(() -> grey28.checkShape("encode: images", 3, 28, 28, "this model takes")));
        assertEquals("test images are 1x32x32 but the model takes 1x28x28 (channels x height x width): the height "
                + "and width differ", message(() -> grey28.checkShape("test images", 1, 32, 32, "the model takes")));
        assertEquals("the images of x are 2x8x28 but the classifier takes 1x28x28 (channels x height x width): the "
                + "channels and height differ", message(() -> ImageSpec.checkShape("the images of x", 2, 8, 28,
                        "the classifier takes", 1, 28, 28)));
        assertTrue(message(() -> ImageSpec.checkShape("a", 3, 32, 32, "b takes", 1, 28, 28))
                .endsWith(": the channels, height and width differ"));
    }

    private static String message(Runnable check) {
        return assertThrows(IllegalArgumentException.class, check::run).getMessage();
    }
}
