package dev.ali4j.trainer.data;

import java.io.IOException;

/**
 * A data file that cannot be read as what it claims to hold: truncated, of the wrong size, with
 * impossible dimensions or labels, or of another format. The message always starts with the
 * file's name, then the fault, e.g. {@code "data_batch_3.bin: truncated or wrong size: 30729000
 * bytes is not a whole number of 3073-byte records (1 label byte + 3072 pixel bytes)"}. Each
 * format may have its own subclass ({@link IdxFormatException}); catch this type for all of them.
 */
public class DataFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;

    /**
     * @param source the file's name or path, as the user would recognise it
     * @param fault what is wrong with it
     */
    public DataFileException(String source, String fault) {
        this(source, fault, null);
    }

    /**
     * @param source the file's name or path, as the user would recognise it
     * @param fault what is wrong with it
     * @param cause the lower-level error that revealed the fault, or null
     */
    public DataFileException(String source, String fault, Throwable cause) {
        super(source + ": " + fault, cause);
        this.source = source;
    }

    /** The name or path of the faulty file. */
    public String source() {
        return source;
    }
}
