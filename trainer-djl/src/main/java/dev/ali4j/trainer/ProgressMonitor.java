package dev.ali4j.trainer;

/**
 * Where a training loop says how far it is, so that the library draws nothing itself: the
 * command line draws progress bars with it. Every method does nothing by default.
 */
public interface ProgressMonitor {

    /** Reports nothing. */
    ProgressMonitor NONE = new ProgressMonitor() {};

    /** An epoch of {@code images} images begins; {@code epoch} is 1-based. */
    default void epochStarted(int epoch, int epochs, long images) {}

    /** {@code images} more images are done; {@code status} says how it goes (losses). */
    default void advanced(long images, String status) {}

    /** The epoch's last step is done. */
    default void epochFinished() {}
}
