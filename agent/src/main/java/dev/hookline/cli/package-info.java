/**
 * The {@code hookline} command line (picocli): one class per subcommand, turning options into calls on the other
 * packages. Nothing depends on it.
 */
package dev.hookline.cli;
