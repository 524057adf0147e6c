/**
 * The runtime's command-line commands (picocli), added as subcommands of the top-level
 * {@code ali} command; {@link dev.ali4j.cli.RuntimeCommands} lists them.
 */
package dev.ali4j.cli;
