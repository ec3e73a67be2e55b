package io.recall.delivery;

import io.recall.channels.Channel;
import io.recall.delivery.internal.InMemoryOutboxStore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable outbox: where messages wait, are claimed under a lease, and end in a terminal state.
 *
 * <p>A host enqueues in its own database transaction (with a JDBC store), so a message exists exactly when
 * its business change does. Workers claim due entries with a lease; every change after the claim names the
 * worker and succeeds only while that worker still holds the lease, so a worker whose lease expired (it was
 * slow, or it died) cannot overwrite the work of the one that took over. Implementations are thread-safe
 * and hold no lock or transaction between calls, so none is held while a provider answers.
 */
public interface OutboxStore {

    /** A thread-safe outbox in memory: for tests, demos and hosts that accept losing it on a restart. */
    static OutboxStore inMemory() {
        return new InMemoryOutboxStore();
    }

    /**
     * Adds a new QUEUED entry.
     *
     * @return false (and changes nothing) when an entry with this id exists: enqueueing is idempotent
     */
    boolean enqueue(OutboxEntry entry);

    /**
     * Claims up to {@code max} QUEUED or DEFERRED entries due at {@code now} (oldest due first), moving them
     * IN_FLIGHT with a lease for {@code workerId} until {@code leaseUntil}.
     */
    List<OutboxEntry> claim(Instant now, String workerId, Instant leaseUntil, int max);

    /**
     * Returns every IN_FLIGHT entry whose lease ended at or before {@code now} to QUEUED
     * ({@link DeliveryReason#LEASE_EXPIRED}), due at once, keeping any open attempt so the next worker knows
     * the outcome of that attempt is unknown.
     *
     * @return how many were released
     */
    int releaseExpired(Instant now);

    /** Records an attempt before the provider is called; false if {@code workerId} no longer holds the lease. */
    boolean recordAttempt(String id, String workerId, Attempt attempt, Instant now);

    /** Marks the open attempt settled (its outcome known or given up), keeping the lease; false if lease lost. */
    boolean settleAttempt(String id, String workerId, Instant now);

    /** Moves the entry to SENT with the provider's id; false if {@code workerId} no longer holds the lease. */
    boolean complete(String id, String workerId, String providerId, Instant now);

    /**
     * Moves the entry back to QUEUED or DEFERRED, due at {@code dueAt}, on plan step {@code step}; false if
     * {@code workerId} no longer holds the lease.
     */
    boolean reschedule(String id, String workerId, DeliveryState state, DeliveryReason reason, String detail,
                       Instant dueAt, int step, Instant now);

    /**
     * Moves the entry to a terminal state other than SENT (suppressed, dead-lettered, unknown outcome); false if
     * {@code workerId} no longer holds the lease.
     */
    boolean finish(String id, String workerId, DeliveryState state, DeliveryReason reason, String detail,
                   Instant now);

    /**
     * Reserves an idempotency key on a channel for an entry, the deduplication policy's atomic check.
     *
     * @return true when the key was free or is already this entry's; false when another entry holds it
     */
    boolean reserveIdempotencyKey(Channel channel, String idempotencyKey, String entryId);

    /** The entry with this id. */
    Optional<OutboxEntry> find(String id);

    /** The entry holding an idempotency key on a channel, for matching delivery events. */
    Optional<OutboxEntry> findByIdempotencyKey(Channel channel, String idempotencyKey);

    /** The SENT entry a provider named so, for matching delivery events. */
    Optional<OutboxEntry> findByProviderId(Channel channel, String providerId);

    /** Counts every entry by state and reason, as one consistent snapshot. */
    Reconciliation reconcile();
}
