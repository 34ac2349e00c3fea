/**
 * Kafka / Azure Event Hubs in Microsoft Defender's streaming-API envelope: the output (alerts and raw events
 * through a durable spool, published by the official idempotent producer) and the input (a consumer group for
 * {@code detect --from-kafka}, offsets committed after the alerts are durable; a bounded snapshot for
 * {@code query --from-kafka}). See docs/kafka.md.
 */
package dev.hookline.kafka;
