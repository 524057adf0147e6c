package dev.ali4j.cli;

import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.data.DataSplits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --data} and {@code --classes}: which images a command trains on, evaluates or calibrates with. */
final class DataOptions {

    @Option(names = "--data", defaultValue = DataSets.DEFAULT_SPEC, paramLabel = "SPEC",
            description = "embedded (the Fashion-MNIST sample in the jar), fashion-mnist (Debian's package), "
                    + "mnist, idx:DIR (IDX files), cifar10:DIR (binary batches), svhn:DIR (train_32x32.mat, "
                    + "test_32x32.mat) or folder:DIR (JPEG/PNG, centre-cropped and resized to the model). "
                    + "Default: ${DEFAULT-VALUE}.")
    String spec;

    @Option(names = "--classes", split = ",", paramLabel = "LABEL",
            description = "Keep only images with these labels, in both splits, e.g. --classes 0,3 (one-class "
                    + "training for anomaly scores). Default: all.")
    List<Integer> classes = new ArrayList<>();

    /** The data, images fitted to {@code channels x height x width} where the format allows (image folders). */
    DataSplits open(int channels, int height, int width) throws IOException {
        return DataSets.open(spec, channels, height, width).onlyClasses(new LinkedHashSet<>(classes));
    }

    /** The data in its own image shape. */
    DataSplits open() throws IOException {
        return DataSets.open(spec).onlyClasses(new LinkedHashSet<>(classes));
    }
}
