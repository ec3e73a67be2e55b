package io.recall.delivery.internal;

import io.recall.channels.Channel;
import io.recall.delivery.Attempt;
import io.recall.delivery.DeliveryReason;
import io.recall.delivery.DeliveryState;
import io.recall.delivery.OutboxEntry;
import io.recall.delivery.OutboxStore;
import io.recall.delivery.Reconciliation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** {@link OutboxStore} in memory; every method holds the store's monitor briefly, never across a send. */
public final class InMemoryOutboxStore implements OutboxStore {

    private final Map<String, OutboxEntry> entries = new LinkedHashMap<>();
    private final Map<String, String> keys = new HashMap<>();
    private final Map<String, String> providerIds = new HashMap<>();

    @Override
    public synchronized boolean enqueue(OutboxEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (entry.state() != DeliveryState.QUEUED) {
            throw new IllegalArgumentException("a new outbox entry must be QUEUED but " + entry.id() + " is "
                    + entry.state());
        }
        return entries.putIfAbsent(entry.id(), entry) == null;
    }

    @Override
    public synchronized List<OutboxEntry> claim(Instant now, String workerId, Instant leaseUntil, int max) {
        Objects.requireNonNull(workerId, "workerId");
        List<OutboxEntry> due = new ArrayList<>();
        for (OutboxEntry e : entries.values()) {
            if ((e.state() == DeliveryState.QUEUED || e.state() == DeliveryState.DEFERRED) && !e.dueAt().isAfter(now)) {
                due.add(e);
            }
        }
        due.sort(Comparator.comparing(OutboxEntry::dueAt));
        List<OutboxEntry> claimed = new ArrayList<>();
        for (OutboxEntry e : due.subList(0, Math.min(max, due.size()))) {
            OutboxEntry c = e.claimed(workerId, leaseUntil, now);
            entries.put(c.id(), c);
            claimed.add(c);
        }
        return List.copyOf(claimed);
    }

    @Override
    public synchronized int releaseExpired(Instant now) {
        int released = 0;
        for (OutboxEntry e : List.copyOf(entries.values())) {
            if (e.state() == DeliveryState.IN_FLIGHT && !e.leaseUntil().orElseThrow().isAfter(now)) {
                OutboxEntry back = e.moved(DeliveryState.QUEUED, DeliveryReason.LEASE_EXPIRED, e.detail(), now,
                        e.step(), now);
                // moved() drops the open attempt; keep it: the next worker must know its outcome is unknown.
                entries.put(e.id(), new OutboxEntry(back.id(), back.customerId(), back.zone(), back.plan(),
                        back.enqueuedAt(), back.state(), back.reason(), back.detail(), back.dueAt(), back.step(),
                        e.stepAttempts(), e.totalAttempts(), e.openAttempt(), back.leaseOwner(), back.leaseUntil(),
                        back.providerId(), now));
                released++;
            }
        }
        return released;
    }

    @Override
    public boolean recordAttempt(String id, String workerId, Attempt attempt, Instant now) {
        return update(id, workerId, e -> e.attempting(attempt, now));
    }

    @Override
    public boolean settleAttempt(String id, String workerId, Instant now) {
        return update(id, workerId, e -> e.attemptSettled(now));
    }

    @Override
    public synchronized boolean complete(String id, String workerId, String providerId, Instant now) {
        boolean done = update(id, workerId, e -> e.sent(providerId, now));
        if (done) {
            providerIds.put(entries.get(id).current().channel().id() + "\n" + providerId, id);
        }
        return done;
    }

    @Override
    public boolean reschedule(String id, String workerId, DeliveryState state, DeliveryReason reason, String detail,
                              Instant dueAt, int step, Instant now) {
        if (state != DeliveryState.QUEUED && state != DeliveryState.DEFERRED) {
            throw new IllegalArgumentException("reschedule moves to QUEUED or DEFERRED, not " + state);
        }
        return update(id, workerId, e -> e.moved(state, reason, detail, dueAt, step, now));
    }

    @Override
    public boolean finish(String id, String workerId, DeliveryState state, DeliveryReason reason, String detail,
                          Instant now) {
        if (!state.isTerminal() || state == DeliveryState.SENT) {
            throw new IllegalArgumentException("finish moves to a terminal state other than SENT, not " + state);
        }
        return update(id, workerId, e -> e.moved(state, reason, detail, e.dueAt(), e.step(), now));
    }

    private synchronized boolean update(String id, String workerId, UnaryOperator<OutboxEntry> change) {
        OutboxEntry e = entries.get(id);
        if (e == null || e.state() != DeliveryState.IN_FLIGHT || !e.leaseOwner().orElseThrow().equals(workerId)) {
            return false;
        }
        entries.put(id, change.apply(e));
        return true;
    }

    @Override
    public synchronized boolean reserveIdempotencyKey(Channel channel, String idempotencyKey, String entryId) {
        String holder = keys.putIfAbsent(channel.id() + "\n" + idempotencyKey, entryId);
        return holder == null || holder.equals(entryId);
    }

    @Override
    public synchronized Optional<OutboxEntry> find(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    @Override
    public synchronized Optional<OutboxEntry> findByIdempotencyKey(Channel channel, String idempotencyKey) {
        return Optional.ofNullable(keys.get(channel.id() + "\n" + idempotencyKey)).map(entries::get);
    }

    @Override
    public synchronized Optional<OutboxEntry> findByProviderId(Channel channel, String providerId) {
        return Optional.ofNullable(providerIds.get(channel.id() + "\n" + providerId)).map(entries::get);
    }

    @Override
    public synchronized Reconciliation reconcile() {
        Map<DeliveryState, Long> byState = new EnumMap<>(DeliveryState.class);
        Map<DeliveryState, Map<DeliveryReason, Long>> byReason = new EnumMap<>(DeliveryState.class);
        for (OutboxEntry e : entries.values()) {
            byState.merge(e.state(), 1L, Long::sum);
            byReason.computeIfAbsent(e.state(), s -> new EnumMap<>(DeliveryReason.class)).merge(e.reason(), 1L, Long::sum);
        }
        return new Reconciliation(entries.size(), byState, byReason);
    }
}
