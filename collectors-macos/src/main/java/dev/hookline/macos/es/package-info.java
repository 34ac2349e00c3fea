/**
 * Process and file events from Apple's eslogger: launching it, parsing its JSON lines, mapping them to MDE rows.
 * Must not depend on the network or proc packages.
 */
package dev.hookline.macos.es;
