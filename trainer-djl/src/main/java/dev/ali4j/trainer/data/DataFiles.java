package dev.ali4j.trainer.data;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks shared by the data readers, so that they all report missing files alike. */
final class DataFiles {
    private DataFiles() {
    }

    /**
     * @param hint what to tell the user if {@code dir} is missing or not a directory
     * @throws NoSuchFileException naming {@code dir}, what is wrong with it and the hint
     */
    static void requireDirectory(Path dir, String hint) throws NoSuchFileException {
        if (!Files.isDirectory(dir)) {
            String problem = Files.exists(dir) ? "not a directory" : "no such directory";
            throw new NoSuchFileException(dir.toString(), null, problem + "; " + hint);
        }
    }

    /**
     * Checks that {@code dir} holds every named regular file.
     *
     * @param layout what a complete directory holds, for the message
     * @throws NoSuchFileException naming {@code dir}, the missing files and the layout
     */
    static void requireFiles(Path dir, List<String> names, String layout) throws NoSuchFileException {
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw missing(dir, missing, layout);
        }
    }

    /**
     * Replaces the JDK's bare-path message with one that says what was missing, e.g. {@code
     * "t10k-images-idx3-ubyte: no such IDX file"}.
     */
    static NoSuchFileException noSuchFile(Path path, String kind, NoSuchFileException cause) {
        NoSuchFileException clear = new NoSuchFileException(path.toString(), null, "no such " + kind);
        clear.initCause(cause);
        return clear;
    }

    /** The error for a directory that lacks {@code missing}: {@code "DIR: no A or B (LAYOUT)"}. */
    static NoSuchFileException missing(Path dir, List<String> missing, String layout) {
        String problem = "no " + String.join(" or ", missing) + " (" + layout + ")";
        return new NoSuchFileException(dir.toString(), null, problem);
    }
}
