/**
 * The delivery pipeline: a transactional outbox of messages, the policies that decide whether, when and
 * through which channel each goes out (consent, suppression, send windows in the customer's own time
 * zone, frequency caps, idempotency-key deduplication), sending through {@link io.recall.channels.ChannelAdapter}s
 * with pacing, retries, fallback and dead letters, delivery events fed back into suppression, and a
 * {@link io.recall.delivery.Reconciliation} that accounts for every enqueued message at any moment.
 *
 * <p>Stores are SPIs ({@link io.recall.delivery.OutboxStore}, {@link io.recall.delivery.SuppressionStore},
 * {@link io.recall.delivery.ConsentLedger}, {@link io.recall.delivery.FrequencyStore},
 * {@link io.recall.delivery.DeliveryEventStore}), each with an in-memory implementation from its
 * {@code inMemory()} factory, and JDBC implementations in {@link io.recall.delivery.JdbcStores} (H2 and
 * PostgreSQL). The pipeline starts no threads: the host calls
 * {@link io.recall.delivery.DeliveryPipeline#dispatch(java.time.Instant)} with its own "now", or opts into a
 * {@link io.recall.delivery.DeliveryScheduler}. Rate limits hold across the workers sharing a
 * {@link io.recall.delivery.RateLimiter}.
 */
package io.recall.delivery;
