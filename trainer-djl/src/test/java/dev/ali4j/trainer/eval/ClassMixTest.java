package dev.ali4j.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClassMixTest {

    @Test
    void sharesCountEachClassAndTheDistanceIsHalfTheirL1Difference() {
        ClassMix mix = ClassMix.of(new int[] {0, 0, 0, 1}, new int[] {0, 1, 2, 2}, 3);
        assertArrayEquals(new double[] {0.75, 0.25, 0}, mix.samples(), 1e-12);
        assertArrayEquals(new double[] {0.25, 0.25, 0.5}, mix.real(), 1e-12);
        assertEquals(0.5, mix.totalVariation(), 1e-12);
    }

    @Test
    void theSameMixIsZeroAndDisjointClassesAreOne() {
        assertEquals(0, ClassMix.of(new int[] {2, 1}, new int[] {1, 2}, 3).totalVariation(), 1e-12);
        assertEquals(1, ClassMix.of(new int[] {0, 0}, new int[] {1, 2}, 3).totalVariation(), 1e-12);
    }

    @Test
    void mixesCompareAndPrintByTheirShares() {
        ClassMix a = ClassMix.of(new int[] {0, 1}, new int[] {1, 1}, 2);
        ClassMix b = ClassMix.of(new int[] {1, 0}, new int[] {1, 1}, 2);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, ClassMix.of(new int[] {0, 0}, new int[] {1, 1}, 2));
        assertEquals("ClassMix[samples=[0.5, 0.5], real=[0.0, 1.0]]", a.toString());
    }

    @Test
    void aClassOutsideTheClassifiersRangeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassMix.of(new int[] {3}, new int[] {0}, 3));
        assertEquals("class 3 is not in [0, 3)", e.getMessage());
    }
}
