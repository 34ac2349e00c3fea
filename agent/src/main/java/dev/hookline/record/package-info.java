/**
 * {@code hookline record} and {@code hookline replay}: a collector's raw input captured into a file of framed records
 * ({@link dev.hookline.record.RawFile}) through the collector SPI's record hook, and fed back through that
 * collector's decoders and normalizers, so a recording from a real host becomes a regression test by adding a file.
 */
package dev.hookline.record;
