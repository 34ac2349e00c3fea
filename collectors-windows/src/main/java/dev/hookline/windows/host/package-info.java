/**
 * The Windows-only OS lookups the normalizer needs: SIDs to accounts, NT devices to drive letters, elevation, the
 * running processes at start.
 */
package dev.hookline.windows.host;
