/**
 * {@code hookline watch}: runs the agent around one command and reports what its process tree did. A command like
 * cli; nothing in the core depends on it.
 */
package dev.hookline.watch;
