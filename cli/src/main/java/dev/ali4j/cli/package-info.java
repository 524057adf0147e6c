/**
 * The {@code ali} command line (picocli): {@link dev.ali4j.cli.AliCli} and its commands, with the
 * conventions they share described there; {@link dev.ali4j.cli.RuntimeCommands} lists the
 * runtime's commands for another top-level command to add.
 */
package dev.ali4j.cli;
