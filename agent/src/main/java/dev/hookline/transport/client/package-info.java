/**
 * The agent side of alert shipping: a durable spool in front of a keep-alive HTTP client to the collector. Must not
 * depend on the server.
 */
package dev.hookline.transport.client;
