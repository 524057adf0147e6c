package dev.ali4j.trainer.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.ali4j.trainer.objective.Stabilisers;
import dev.ali4j.trainer.objective.UpdateOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every preset builds on DJL's PyTorch engine and maps images and codes to the right shapes. */
class PresetsTest {

    @ParameterizedTest
    @MethodSource("dev.ali4j.trainer.arch.Presets#names")
    void encoderGeneratorAndDiscriminatorRunAtBatchTwo(String preset) {
        Architecture arch = Presets.byName(preset);
        Shape images = new Shape(2, arch.channels(), arch.height(), arch.width());
        try (NDManager manager = NDManager.newBaseManager()) {
            LatentNetworks networks = new LatentNetworks(arch, manager);
            NDArray x = manager.randomUniform(-1, 1, images);
            NDList encoded = networks.encode(x, false);
            assertEquals(new Shape(2, arch.latentSize()), encoded.get(0).getShape(), "mu");
            assertEquals(new Shape(2, arch.latentSize()), encoded.get(1).getShape(), "log_sigma");
            NDArray generated = networks.generate(encoded.get(0), false);
            assertEquals(images, generated.getShape(), "G(z)");
            float[] pixels = generated.toFloatArray();
            for (float v : pixels) {
                assertTrue(v >= -1 && v <= 1, "G(z) must lie in [-1, 1], got " + v);
            }
            NDArray logits = networks.discriminate(new NDList(x, encoded.get(0)), true);
            assertEquals(new Shape(2, 2), logits.getShape(), "D(x, z): one free logit, one pinned to 0");
            System.out.printf("%s (%s): E %,d  G %,d  D %,d  parameters%n", preset, arch.name(),
                    count(networks.encoder()), count(networks.generator()), count(networks.discriminator()));
        }
    }

    /**
     * {@code --d-width 2} doubles every hidden width of a K = 4 D and nothing else: it still reads
     * the images and codes, still gives K logits, and has about four times the parameters (the
     * hidden-to-hidden weights grow with the square of the factor).
     */
    @ParameterizedTest
    @MethodSource("dev.ali4j.trainer.arch.Presets#names")
    void aWiderDiscriminatorReadsTheSameTuplesWithAboutFourTimesTheParameters(String preset) {
        Architecture arch = Presets.byName(preset);
        List<SlotKind> slots = List.of(SlotKind.IMAGE, SlotKind.LATENT);
        try (NDManager manager = NDManager.newBaseManager()) {
            LatentNetworks plain = new LatentNetworks(arch, new DiscriminatorLayout(slots, 4, 0, 0.2f, false, 1), manager);
            LatentNetworks wide = new LatentNetworks(arch, new DiscriminatorLayout(slots, 4, 0, 0.2f, true, 2), manager);
            NDArray x = manager.randomUniform(-1, 1, new Shape(2, arch.channels(), arch.height(), arch.width()));
            NDArray z = manager.randomNormal(new Shape(2, arch.latentSize()));
            assertEquals(new Shape(2, 4), wide.discriminate(new NDList(x, z), true).getShape());
            double ratio = count(wide.discriminator()) / (double) count(plain.discriminator());
            assertTrue(ratio > 3 && ratio < 4.1, preset + ": D has " + ratio + " times the parameters");
        }
    }

    @Test
    void aDiscriminatorWidthOutsideItsRangeIsRefusedWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Stabilisers.defaults().withDiscriminatorWidth(9));
        assertTrue(e.getMessage().contains("D's width factor must be 1 to 8, got 9"), e.getMessage());
        assertEquals(1, new Stabilisers(false, 0f, 0.2f, 1, false, UpdateOrder.ALTERNATING, 0, 0f, 0f).discriminatorWidth(),
                "a checkpoint from before the option reads as the architecture's own width");
    }

    @Test
    void thePaperSizedPresetsKeepTheirNamesAndTheTinyOnesSayTheirWidth() {
        assertEquals("rgb32", Presets.byName("rgb32").name());
        assertEquals("rgb64", Presets.byName("RGB64").name());
        assertEquals("rgb32-b4-d8", Presets.byName("rgb32-tiny").name());
        assertEquals(256, Presets.byName("rgb64").latentSize());
        assertEquals(3, Presets.byName("rgb64-tiny").channels());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Presets.byName("rgb128"));
        assertTrue(e.getMessage().contains("rgb64-tiny"), e.getMessage());
    }

    private static long count(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }
}
