package dev.ali4j.trainer.data;

import dev.ali4j.api.ImageSpec;
import dev.ali4j.runtime.image.ImageFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Reads a folder of image files (PNG, JPEG, and the other formats of {@link ImageFiles}: BMP,
 * GIF, WebP, TIFF) into a training and a test split of one target shape.
 *
 * <p><b>Layout.</b> A folder holds either image files (an unlabelled set) or class sub-folders
 * (a labelled set: the sub-folders' names, sorted, are classes 0..k-1, and each class holds the
 * images anywhere beneath its folder); a folder that holds both is refused. Files and folders
 * whose names start with a dot, and files of other extensions, are ignored.
 *
 * <p><b>Split.</b> If the folder has sub-folders {@code train/} and {@code test/}, they are the
 * splits (each laid out as above; other sub-folders, such as {@code val/}, are ignored, and class
 * numbers come from the sorted union of both splits' class names). Otherwise every image is
 * listed in path order, shuffled by {@code Collections.shuffle} with {@code new
 * java.util.Random(}{@value #SPLIT_SEED}{@code )}, and the first {@code round(n / 10)} (at least
 * one) are held out as the test split: the same split on every run and JVM while the files stay
 * the same. Both splits keep path order.
 *
 * <p><b>Pixels.</b> Each image is decoded and fitted to the target exactly as the runtime reads
 * images ({@link ImageFiles#read}): scaled so that it covers the target (for a square target: its
 * shorter side fits), bilinear, with 2x2 averaging first while shrinking by 2 or more, then
 * cropped to the centre; colour becomes grey by ITU-R BT.601 luma, grey becomes colour by
 * repetition, alpha is dropped; values are rounded to bytes.
 *
 * <p><b>Errors.</b> Reading fails fast: a file that cannot be decoded stops it with an {@link
 * IOException} naming the file (no image is skipped silently, so that a data set never shrinks
 * unnoticed).
 *
 * <pre>{@code
 * DataSplits faces = ImageFolderReader.read(Path.of("faces"), 3, 64, 64);
 * }</pre>
 */
public final class ImageFolderReader {
    /** The seed of the train/test shuffle of folders without train/ and test/. */
    public static final long SPLIT_SEED = 42;
    /** Extensions read as images, in lower case. */
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif", "webp", "tif", "tiff");
    static final String TRAIN = "train";
    static final String TEST = "test";
    private static final String LAYOUT = "folder:DIR takes a folder of images, of class sub-folders of images,"
            + " or with train/ and test/ sub-folders laid out either way";

    private ImageFolderReader() {
    }

    /**
     * Reads both splits at the target shape.
     *
     * @param channels 1 (grey) or 3 (RGB)
     * @throws java.nio.file.NoSuchFileException if {@code dir} is not a directory
     * @throws DataFileException if the layout is wrong or a folder holds no images
     * @throws IOException naming the file, if an image cannot be decoded
     * @throws IllegalArgumentException if the target shape is impossible
     */
    public static DataSplits read(Path dir, int channels, int height, int width) throws IOException {
        ImageSpec target = new ImageSpec(channels, height, width, 0f, 255f);
        DataFiles.requireDirectory(dir, LAYOUT);
        Listing top = Listing.of(dir);
        String shape = "as " + channels + "x" + height + "x" + width;
        if (top.folders.contains(TRAIN) || top.folders.contains(TEST)) {
            if (!top.folders.contains(TRAIN) || !top.folders.contains(TEST)) {
                String present = top.folders.contains(TRAIN) ? TRAIN : TEST;
                String missing = present.equals(TRAIN) ? TEST : TRAIN;
                throw new DataFileException(dir.toString(), "has a " + present + "/ folder but no " + missing
                        + "/; give both, or neither for a seeded 90/10 split");
            }
            if (!top.images.isEmpty()) {
                throw new DataFileException(dir.toString(), "holds image files beside train/ and test/, e.g. "
                        + top.images.get(0).getFileName() + "; move them into one of the two");
            }
            Samples train = Samples.of(dir.resolve(TRAIN));
            Samples test = Samples.of(dir.resolve(TEST));
            List<String> classes = union(train.classNames, test.classNames);
            ImageSet trainSet = decode(dir.resolve(TRAIN).toString(), train, classes, target);
            ImageSet testSet = decode(dir.resolve(TEST).toString(), test, classes, target);
            return new DataSplits(trainSet, testSet, describe(dir, classes, trainSet, testSet,
                    "train/ and test/, " + shape));
        }
        Samples all = Samples.of(dir);
        if (all.files.size() < 2) {
            throw new DataFileException(dir.toString(), "holds 1 image; a seeded 90/10 split needs at least 2");
        }
        Samples[] split = all.split(testCount(all.files.size()));
        ImageSet train = decode(dir + " (train split)", split[0], all.classNames, target);
        ImageSet test = decode(dir + " (test split)", split[1], all.classNames, target);
        return new DataSplits(train, test, describe(dir, all.classNames, train, test,
                "seeded 90/10 split, " + shape));
    }

    /** How many of {@code n} images the seeded split holds out: round(n / 10), at least 1. */
    static int testCount(int n) {
        return Math.max(1, (n + 5) / 10);
    }

    private static String describe(Path dir, List<String> classes, ImageSet train, ImageSet test, String how) {
        String labels = classes.isEmpty() ? "unlabelled" : classes.size() + " classes";
        return String.format("image folder (%s, %s, %d train / %d test, %s)", dir, labels, train.size(), test.size(),
                how);
    }

    private static List<String> union(List<String> a, List<String> b) {
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /** Decodes the images in parallel; the first failure stops the rest and is thrown. */
    private static ImageSet decode(String name, Samples samples, List<String> classes, ImageSpec target)
            throws IOException {
        int n = samples.files.size();
        int size = target.imageSize();
        if ((long) n * size > IdxReader.MAX_BODY_BYTES) {
            throw new DataFileException(name, n + " images of " + target.channels() + "x" + target.height() + "x"
                    + target.width() + " do not fit in one Java array; use a smaller size or fewer images");
        }
        byte[] pixels = new byte[n * size];
        AtomicReference<IOException> failure = new AtomicReference<>();
        IntStream.range(0, n).parallel().forEach(i -> {
            if (failure.get() != null) {
                return;
            }
            try {
                float[] values = ImageFiles.read(List.of(samples.files.get(i)), target).data();
                for (int k = 0; k < size; k++) {
                    pixels[i * size + k] = (byte) Math.min(255, Math.max(0, Math.round(values[k])));
                }
            } catch (IOException e) {
                failure.compareAndSet(null, e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        int[] labels = null;
        if (samples.classOf != null) {
            labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = Collections.binarySearch(classes, samples.classOf.get(i));
            }
        }
        return new ImageSet(name, target.channels(), target.height(), target.width(), pixels, labels);
    }

    /** The image files and the sub-folders directly in a folder, each sorted by name. */
    private record Listing(List<Path> images, List<String> folders) {
        static Listing of(Path dir) throws IOException {
            List<Path> images = new ArrayList<>();
            List<String> folders = new ArrayList<>();
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path entry : (Iterable<Path>) entries.sorted()::iterator) {
                    String fileName = String.valueOf(entry.getFileName());
                    if (fileName.startsWith(".")) {
                        continue;
                    }
                    if (Files.isDirectory(entry)) {
                        folders.add(fileName);
                    } else if (isImage(entry)) {
                        images.add(entry);
                    }
                }
            }
            return new Listing(images, folders);
        }
    }

    /**
     * The images of one folder in path order, with their class names (null when unlabelled) and
     * the sorted class names (empty when unlabelled).
     */
    private record Samples(List<Path> files, List<String> classOf, List<String> classNames) {
        static Samples of(Path folder) throws IOException {
            Listing listing = Listing.of(folder);
            if (!listing.images.isEmpty() && !listing.folders.isEmpty()) {
                throw new DataFileException(folder.toString(), "holds both image files (e.g. "
                        + listing.images.get(0).getFileName() + ") and sub-folders (e.g. " + listing.folders.get(0)
                        + "/); put every image in a class sub-folder, or remove the sub-folders");
            }
            if (listing.folders.isEmpty()) {
                if (listing.images.isEmpty()) {
                    throw new DataFileException(folder.toString(), "holds no images (looked for "
                            + String.join(", ", new TreeSet<>(EXTENSIONS)) + " files)");
                }
                return new Samples(listing.images, null, List.of());
            }
            List<Path> files = new ArrayList<>();
            List<String> classOf = new ArrayList<>();
            for (String className : listing.folders) {
                for (Path file : imagesBeneath(folder.resolve(className))) {
                    files.add(file);
                    classOf.add(className);
                }
            }
            if (files.isEmpty()) {
                throw new DataFileException(folder.toString(), "holds no images in its class sub-folders ("
                        + String.join(", ", listing.folders) + ")");
            }
            return new Samples(files, classOf, listing.folders);
        }

        /** {@code [train, test]}: a seeded shuffle picks {@code testCount} for test; both keep path order. */
        Samples[] split(int testCount) {
            List<Integer> order = new ArrayList<>(IntStream.range(0, files.size()).boxed().toList());
            Collections.shuffle(order, new Random(SPLIT_SEED));
            List<Integer> test = new ArrayList<>(order.subList(0, testCount));
            List<Integer> train = new ArrayList<>(order.subList(testCount, order.size()));
            Collections.sort(test);
            Collections.sort(train);
            return new Samples[] {pick(train), pick(test)};
        }

        private Samples pick(List<Integer> indices) {
            List<Path> picked = indices.stream().map(files::get).toList();
            List<String> pickedClasses = classOf == null ? null : indices.stream().map(classOf::get).toList();
            return new Samples(picked, pickedClasses, classNames);
        }
    }

    /** Image files anywhere beneath {@code dir}, in path order, skipping hidden files and folders. */
    private static List<Path> imagesBeneath(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(path -> !isHidden(dir.relativize(path)) && Files.isRegularFile(path) && isImage(path))
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isImage(Path file) {
        String fileName = String.valueOf(file.getFileName());
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
