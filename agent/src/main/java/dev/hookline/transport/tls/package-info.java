/**
 * The fleet PKI and Netty TLS contexts for mutual TLS between agents and the collector. Depends on no other
 * Hookline package.
 */
package dev.hookline.transport.tls;
