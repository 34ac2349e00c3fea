/**
 * Events as JSON lines: reading Log Analytics and streaming-API exports, writing rows in Microsoft's column order,
 * KQL values as JSON. Depends only on schema.
 */
package dev.hookline.io;
