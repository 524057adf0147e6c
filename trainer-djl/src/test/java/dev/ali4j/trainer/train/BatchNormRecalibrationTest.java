package dev.ali4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.Presets;
import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.data.DataSplits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchNormRecalibrationTest {

    @Test
    void statisticsSpoiledByOtherInputsAreMeasuredAgainAndWeightsStay() throws IOException {
        DataSplits data = DataSets.open("embedded");
        Architecture arch = Presets.byName("gray28-tiny");
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(5);
            LatentNetworks networks = new LatentNetworks(arch, m);
            // As if E and G had also run on inputs unlike the data and the prior (GALI's cycles).
            for (Parameter p : networks.encoderGeneratorState()) {
                if (p.getType() == Parameter.Type.RUNNING_MEAN) {
                    p.getArray().muli(0).addi(3);
                } else if (p.getType() == Parameter.Type.RUNNING_VAR) {
                    p.getArray().muli(0).addi(40);
                }
            }
            List<float[]> weights = trainable(networks);
            NDArray x = m.create(data.test().rangeScaled(0, 100, -1f, 1f), new Shape(100, 1, 28, 28));
            NDArray spoiledCodes = networks.encode(x, false).get(0);
            NDArray spoiledImages = networks.generate(spoiledCodes, false);

            BatchNormRecalibration.run(networks, data.train(), 50, 1, m);
            NDArray codes = networks.encode(x, false).get(0);
            NDArray images = networks.generate(codes, false);
            // Last, since training mode moves the statistics: what batch statistics give.
            NDArray batchCodes = networks.encode(x, true).get(0);
            NDArray batchImages = networks.generate(batchCodes, true);

            float spoiledCodeGap = meanAbs(spoiledCodes.sub(batchCodes));
            float codeGap = meanAbs(codes.sub(batchCodes));
            assertTrue(codeGap < 0.2f * spoiledCodeGap,
                    "E's codes in inference form: " + codeGap + " from batch statistics' after, " + spoiledCodeGap + " before");
            float spoiledImageGap = meanAbs(spoiledImages.sub(batchImages));
            float imageGap = meanAbs(images.sub(batchImages));
            assertTrue(imageGap < 0.2f * spoiledImageGap,
                    "G's images in inference form: " + imageGap + " from batch statistics' after, " + spoiledImageGap + " before");
            List<float[]> after = trainable(networks);
            for (int i = 0; i < weights.size(); i++) {
                assertArrayEquals(weights.get(i), after.get(i), "trainable parameter " + i + " changed");
            }
        }
    }

    private static float meanAbs(NDArray a) {
        return a.abs().mean().getFloat();
    }

    private static List<float[]> trainable(LatentNetworks networks) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : networks.encoderGeneratorParameters()) {
            out.add(p.getArray().toFloatArray());
        }
        return out;
    }
}
