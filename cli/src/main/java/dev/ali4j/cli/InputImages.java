package dev.ali4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The image files a command reads (encode, reconstruct, inpaint): in batches, each with the file written for it. */
final class InputImages {
    /** Images read and run through the networks per call. */
    static final int BATCH = 32;

    private InputImages() {
    }

    /** @return {@code images} in consecutive batches of at most {@link #BATCH} */
    static List<List<Path>> batches(List<Path> images) {
        List<List<Path>> batches = new ArrayList<>();
        for (int start = 0; start < images.size(); start += BATCH) {
            batches.add(images.subList(start, Math.min(start + BATCH, images.size())));
        }
        return batches;
    }

    /**
     * Maps each image to {@code out/<name><suffix>}, {@code <name>} being its file name without
     * the extension, in the order given.
     *
     * @throws IllegalArgumentException if two images would be written to the same file
     */
    static Map<Path, Path> outputs(List<Path> images, Path out, String suffix) {
        Map<Path, Path> targets = new LinkedHashMap<>();
        Map<Path, Path> writers = new HashMap<>();
        for (Path image : images) {
            Path target = out.resolve(baseName(image) + suffix);
            Path other = writers.putIfAbsent(target, image);
            if (other != null && !other.equals(image)) {
                throw new IllegalArgumentException(other + " and " + image + " would both be written to " + target);
            }
            targets.put(image, target);
        }
        return targets;
    }

    /** {@code dir/a.png} -> {@code a}. */
    static String baseName(Path image) {
        Path fileName = image.getFileName();
        String name = fileName == null ? "image" : fileName.toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
