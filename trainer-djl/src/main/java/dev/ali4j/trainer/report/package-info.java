/**
 * {@code report.html}: a self-contained page of a training run (configuration, losses, every
 * epoch's pictures, evaluation), read from its run directory alone, or of several runs side by
 * side. {@link dev.ali4j.trainer.report.ReportWriter} writes it during training;
 * {@code ali report} re-renders it.
 */
package dev.ali4j.trainer.report;
