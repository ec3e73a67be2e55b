package io.recall.journey;

import io.recall.channels.Channel;
import io.recall.delivery.Attempt;
import io.recall.delivery.DeliveryReason;
import io.recall.delivery.DeliveryState;
import io.recall.delivery.OutboxEntry;
import io.recall.delivery.OutboxStore;
import io.recall.delivery.Reconciliation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** An outbox that remembers every enqueue it accepted, in order, to check nothing went in twice. */
final class RecordingOutbox implements OutboxStore {

    final OutboxStore target;
    final List<String> accepted = new CopyOnWriteArrayList<>();

    RecordingOutbox(OutboxStore target) {
        this.target = target;
    }

    @Override
    public boolean enqueue(OutboxEntry entry) {
        boolean added = target.enqueue(entry);
        if (added) {
            accepted.add(entry.id());
        }
        return added;
    }

    @Override
    public List<OutboxEntry> claim(Instant now, String workerId, Instant leaseUntil, int max) {
        return target.claim(now, workerId, leaseUntil, max);
    }

    @Override
    public int releaseExpired(Instant now) {
        return target.releaseExpired(now);
    }

    @Override
    public boolean recordAttempt(String id, String workerId, Attempt attempt, Instant now) {
        return target.recordAttempt(id, workerId, attempt, now);
    }

    @Override
    public boolean settleAttempt(String id, String workerId, Instant now) {
        return target.settleAttempt(id, workerId, now);
    }

    @Override
    public boolean complete(String id, String workerId, String providerId, Instant now) {
        return target.complete(id, workerId, providerId, now);
    }

    @Override
    public boolean reschedule(String id, String workerId, DeliveryState state, DeliveryReason reason, String detail,
                              Instant dueAt, int step, Instant now) {
        return target.reschedule(id, workerId, state, reason, detail, dueAt, step, now);
    }

    @Override
    public boolean finish(String id, String workerId, DeliveryState state, DeliveryReason reason, String detail,
                          Instant now) {
        return target.finish(id, workerId, state, reason, detail, now);
    }

    @Override
    public boolean reserveIdempotencyKey(Channel channel, String idempotencyKey, String entryId) {
        return target.reserveIdempotencyKey(channel, idempotencyKey, entryId);
    }

    @Override
    public Optional<OutboxEntry> find(String id) {
        return target.find(id);
    }

    @Override
    public Optional<OutboxEntry> findByIdempotencyKey(Channel channel, String idempotencyKey) {
        return target.findByIdempotencyKey(channel, idempotencyKey);
    }

    @Override
    public Optional<OutboxEntry> findByProviderId(Channel channel, String providerId) {
        return target.findByProviderId(channel, providerId);
    }

    @Override
    public Reconciliation reconcile() {
        return target.reconcile();
    }
}
