/**
 * The agent-to-collector wire format (HTTP/1.1 over mutual TLS, one batch per request). Depends on nothing; client
 * and server share it.
 */
package dev.hookline.transport;
