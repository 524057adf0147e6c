package dev.ali4j.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.LatentModel;
import dev.ali4j.api.LatentSpec;
import dev.ali4j.api.Latents;
import dev.ali4j.api.ModelFile;
import dev.ali4j.api.TrainingInfo;
import dev.ali4j.trainer.data.ImageSet;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Inpainting error counts the boxes' pixels and nothing else. */
class InpaintingEvalTest {

    static final int H = 12;
    static final int W = 16;

    @Test
    void boxesHaveSidesBetweenAQuarterAndAHalfLieInsideAndDependOnlyOnTheSeed() {
        InpaintingEval.Box[] boxes = InpaintingEval.boxes(500, H, W, 0.25, 0.5, new Random(3));
        Set<Integer> heights = new HashSet<>();
        for (InpaintingEval.Box b : boxes) {
            assertTrue(b.height() >= 3 && b.height() <= 6 && b.width() >= 4 && b.width() <= 8, b.toString());
            assertTrue(b.x() >= 0 && b.y() >= 0 && b.x() + b.width() <= W && b.y() + b.height() <= H, b.toString());
            heights.add(b.height());
        }
        assertEquals(Set.of(3, 4, 5, 6), heights, "every side length is drawn");
        assertArrayEquals(boxes, InpaintingEval.boxes(500, H, W, 0.25, 0.5, new Random(3)));
    }

    @Test
    void theErrorIsAveragedOverTheBoxesPixelsOnly() {
        int size = 2 * H * W; // two channels
        Random random = new Random(4);
        float[] originals = new float[3 * size];
        for (int i = 0; i < originals.length; i++) {
            originals[i] = random.nextFloat() * 2 - 1;
        }
        InpaintingEval.Box[] boxes = {new InpaintingEval.Box(1, 2, 4, 3), new InpaintingEval.Box(10, 5, 6, 7),
            new InpaintingEval.Box(0, 0, 16, 12)};
        int[] other = {1, 2, 0};
        // Right inside the boxes, wrong everywhere else: a perfect fill.
        float[] filled = originals.clone();
        for (int i = 0; i < filled.length; i++) {
            filled[i] += 0.5f;
        }
        for (int i = 0; i < 3; i++) {
            paint(filled, originals, i, boxes[i], size, 0f);
        }
        assertEquals(0, InpaintingEval.maskedErrors(originals, filled, boxes, other, 2, H, W, 2)[0]);
        // Off by 0.4 inside the boxes: (0.4 / range 2)^2 wherever the box is, whatever its size.
        for (int i = 0; i < 3; i++) {
            paint(filled, originals, i, boxes[i], size, 0.4f);
        }
        assertEquals(0.04, InpaintingEval.maskedErrors(originals, filled, boxes, other, 2, H, W, 2)[0], 1e-6);
    }

    @Test
    void aConstantModelsErrorIsItsDistanceFromEachImageWeightedByBoxArea() {
        int n = 5;
        byte[] pixels = new byte[n * H * W];
        float[] tanh = new float[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(pixels, i * H * W, (i + 1) * H * W, (byte) (40 * i));
            tanh[i] = 40 * i / 127.5f - 1;
        }
        ImageSet test = ImageSet.of("flat", 1, H, W, pixels, null);
        float value = 0.25f;
        InpaintingEval.Result r = InpaintingEval.evaluate(new ConstantModel(value), test, 0, 2, 0.25, 0.5, 9);

        InpaintingEval.Box[] boxes = InpaintingEval.boxes(n, H, W, 0.25, 0.5, new Random(9));
        int[] other = ReconstructionEval.derangement(n, new Random(9));
        double same = 0;
        double shuffled = 0;
        double area = 0;
        for (int i = 0; i < n; i++) {
            double a = boxes[i].width() * boxes[i].height();
            same += a * Math.pow((tanh[i] - value) / 2, 2);
            shuffled += a * Math.pow((tanh[other[i]] - value) / 2, 2);
            area += a;
        }
        assertEquals(n, r.images());
        assertEquals(same / area, r.inpaintingMse(), 1e-6);
        assertEquals(shuffled / area, r.inpaintingMseShuffled(), 1e-6);
        assertEquals(3, r.minSide());
        assertEquals(6, r.maxSide());
    }

    @Test
    void aModelThatKnowsTheAnswerScoresZero() {
        byte[] pixels = new byte[3 * H * W];
        Arrays.fill(pixels, (byte) 200);
        ImageSet test = ImageSet.of("same", 1, H, W, pixels, null);
        InpaintingEval.Result r = InpaintingEval.evaluate(new ConstantModel(200 / 127.5f - 1), test, 0, 1, 0.25, 0.5, 1);
        assertEquals(0, r.inpaintingMse(), 1e-12);
    }

    private static void paint(float[] filled, float[] originals, int image, InpaintingEval.Box b, int size, float offset) {
        for (int ch = 0; ch < 2; ch++) {
            for (int row = b.y(); row < b.y() + b.height(); row++) {
                for (int col = b.x(); col < b.x() + b.width(); col++) {
                    int k = image * size + (ch * H + row) * W + col;
                    filled[k] = originals[k] + offset;
                }
            }
        }
    }

    /** Decodes every code to one flat grey image: a model whose fill is known exactly. */
    private static final class ConstantModel implements LatentModel {
        private final float value;
        private final BundleManifest manifest = BundleManifest.builder()
                .image(new ImageSpec(1, H, W))
                .latent(new LatentSpec(2))
                .encoder(ModelFile.encoder("encoder.onnx"))
                .generator(ModelFile.generator("generator.onnx"))
                .training(TrainingInfo.builder().objective("ali").architecture("constant").build())
                .build();

        ConstantModel(float value) {
            this.value = value;
        }

        @Override
        public BundleManifest manifest() {
            return manifest;
        }

        @Override
        public Latents encode(ImageTensor images) {
            return new Latents(new float[images.n() * 2], null, images.n(), 2);
        }

        @Override
        public ImageTensor decode(float[] z, int n) {
            float[] out = new float[n * H * W];
            Arrays.fill(out, value);
            return new ImageTensor(out, n, 1, H, W);
        }

        @Override
        public void close() {}
    }
}
