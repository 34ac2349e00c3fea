/**
 * DeviceNetworkEvents from periodic libproc socket snapshots: decoding socket info and turning new connections into
 * rows.
 */
package dev.hookline.macos.net;
