/**
 * The runtime's command-line commands (picocli), added as subcommands of the top-level
 * {@code ali} command.
 */
package dev.ali4j.runtime.cli;
