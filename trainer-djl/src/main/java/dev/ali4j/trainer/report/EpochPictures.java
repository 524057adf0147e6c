package dev.ali4j.trainer.report;

import dev.ali4j.trainer.train.RunPictures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One epoch's pictures as {@link RunPictures} keeps them: G(z) for the run's fixed z, and fixed
 * held-out images beside their reconstructions G(mu(x)). Either may be missing.
 *
 * @param epoch 1-based
 * @param samples {@code epochs/samples-N.png}
 * @param reconstructions {@code epochs/reconstructions-N.png}
 */
public record EpochPictures(int epoch, Optional<Path> samples, Optional<Path> reconstructions) {

    private static final Pattern KEPT = Pattern.compile("(samples|reconstructions)-(\\d+)\\.png");

    /**
     * The pictures of epochs 1 to {@code lastEpoch} in {@code runDirectory}, in epoch order. A run
     * written before epochs were kept has only its last pair, {@code samples.png} and
     * {@code reconstructions.png}: that is shown as {@code lastEpoch}'s.
     */
    static List<EpochPictures> find(Path runDirectory, int lastEpoch) throws IOException {
        Map<Integer, Path[]> byEpoch = new TreeMap<>();
        Path kept = runDirectory.resolve(RunPictures.EPOCHS_DIRECTORY);
        if (Files.isDirectory(kept)) {
            try (Stream<Path> files = Files.list(kept)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Matcher name = KEPT.matcher(String.valueOf(file.getFileName()));
                    // Pictures of epochs past the checkpoint come from a run since resumed from an earlier one.
                    if (name.matches() && Integer.parseInt(name.group(2)) <= lastEpoch) {
                        Path[] pair = byEpoch.computeIfAbsent(Integer.parseInt(name.group(2)), e -> new Path[2]);
                        pair[name.group(1).equals("samples") ? 0 : 1] = file;
                    }
                }
            }
        }
        if (byEpoch.isEmpty()) {
            Path samples = runDirectory.resolve("samples.png");
            Path reconstructions = runDirectory.resolve("reconstructions.png");
            if (Files.isRegularFile(samples) || Files.isRegularFile(reconstructions)) {
                byEpoch.put(lastEpoch, new Path[] {samples, reconstructions});
            }
        }
        List<EpochPictures> pictures = new ArrayList<>();
        byEpoch.forEach((epoch, pair) -> pictures.add(new EpochPictures(epoch, existing(pair[0]), existing(pair[1]))));
        return pictures;
    }

    private static Optional<Path> existing(Path file) {
        return file != null && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }
}
