/**
 * The Kafka / Azure Event Hubs output: alerts and raw events in Microsoft Defender's streaming-API envelope, through
 * a durable spool, published by the official idempotent producer (docs/kafka.md).
 */
package dev.hookline.kafka;
