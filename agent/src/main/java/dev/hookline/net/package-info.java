/**
 * IP addresses as MDE shows them (text, key form, address type) and the DNS name cache behind RemoteUrl. Part of
 * the collector API: depends on nothing else of Hookline.
 */
package dev.hookline.net;
