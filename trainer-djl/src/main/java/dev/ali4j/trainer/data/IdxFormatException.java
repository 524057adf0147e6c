package dev.ali4j.trainer.data;

/**
 * An IDX file (the MNIST format) that cannot be read as what it claims to hold: a bad magic
 * number, a truncated header or body, impossible dimensions, corrupt gzip data, or labels that
 * do not match their images. The message always starts with the file's name, then the fault,
 * e.g. {@code "t10k-images-idx3-ubyte.gz: bad magic number 0x00000801, expected 0x00000803
 * (uint8 images); this looks like a label file"}.
 */
public final class IdxFormatException extends DataFileException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source the file's name or path, as the user would recognise it
     * @param fault what is wrong with it
     */
    public IdxFormatException(String source, String fault) {
        super(source, fault);
    }

    /**
     * @param source the file's name or path, as the user would recognise it
     * @param fault what is wrong with it
     * @param cause the lower-level error that revealed the fault, or null
     */
    public IdxFormatException(String source, String fault, Throwable cause) {
        super(source, fault, cause);
    }
}
