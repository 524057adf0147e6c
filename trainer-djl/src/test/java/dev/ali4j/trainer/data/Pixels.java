package dev.ali4j.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pixel-exact checks of whole image sets against the function that made their files. */
final class Pixels {
    private Pixels() {
    }

    /** The value a test wrote at (image, channel, row, column). */
    interface Expected {
        int at(int image, int channel, int y, int x);
    }

    /** Asserts that every pixel of {@code set} is what {@code expected} says, naming the first that is not. */
    static void assertEveryPixel(Expected expected, ImageSet set) {
        for (int i = 0; i < set.size(); i++) {
            for (int c = 0; c < set.channels(); c++) {
                for (int y = 0; y < set.height(); y++) {
                    for (int x = 0; x < set.width(); x++) {
                        int want = expected.at(i, c, y, x);
                        if (set.pixel(i, c, y, x) != want) {
                            assertEquals(want, set.pixel(i, c, y, x), "image " + i + " channel " + c + " at (x "
                                    + x + ", y " + y + ") of " + set.name());
                        }
                    }
                }
            }
        }
    }
}
