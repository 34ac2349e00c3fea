/**
 * The live process table and what fills MDE's process columns from it (accounts, command lines, paths). Part of the
 * collector API: depends only on schema and install.
 */
package dev.hookline.process;
