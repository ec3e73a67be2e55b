package io.recall.delivery;

import io.recall.channels.Message;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A message in the outbox with everything the pipeline knows about it: state and reason, when it is due,
 * which step of its channel plan it is on, its attempts, its lease, and the provider's id once sent.
 *
 * <p>An immutable value; stores keep the latest one per id. The {@code with}-style methods are how stores
 * move an entry between states.
 *
 * @param id            the message id (the plan's shared {@link Message#id()})
 * @param customerId    whose message it is
 * @param zone          the customer's time zone
 * @param plan          the message per channel, preferred first
 * @param enqueuedAt    when the host enqueued it
 * @param state         where it stands
 * @param reason        why
 * @param detail        what a provider or policy said, for operators (masked, never content); may be empty
 * @param dueAt         when it may next be claimed (meaningful while QUEUED or DEFERRED)
 * @param step          the index in {@code plan} of the channel being tried
 * @param stepAttempts  attempts made on the current step
 * @param totalAttempts attempts made on every step
 * @param openAttempt   an attempt recorded whose outcome is not yet recorded
 * @param leaseOwner    the worker holding it, while IN_FLIGHT
 * @param leaseUntil    until when the lease holds, while IN_FLIGHT
 * @param providerId    the provider's id, once SENT
 * @param updatedAt     when it last changed
 */
public record OutboxEntry(String id, String customerId, ZoneId zone, List<Message> plan, Instant enqueuedAt,
                          DeliveryState state, DeliveryReason reason, String detail, Instant dueAt, int step,
                          int stepAttempts, int totalAttempts, Optional<Attempt> openAttempt,
                          Optional<String> leaseOwner, Optional<Instant> leaseUntil, Optional<String> providerId,
                          Instant updatedAt) {

    /** Validates every value and copies the plan. */
    public OutboxEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(zone, "zone");
        plan = List.copyOf(plan);
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(openAttempt, "openAttempt");
        Objects.requireNonNull(leaseOwner, "leaseOwner");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (step < 0 || step >= plan.size()) {
            throw new IllegalArgumentException("step must be within the plan's " + plan.size() + " channels but was "
                    + step);
        }
        if (stepAttempts < 0 || totalAttempts < stepAttempts) {
            throw new IllegalArgumentException("attempts must satisfy 0 <= stepAttempts <= totalAttempts but were "
                    + stepAttempts + " and " + totalAttempts);
        }
        if ((state == DeliveryState.IN_FLIGHT) != leaseOwner.isPresent() || leaseOwner.isPresent() != leaseUntil.isPresent()) {
            throw new IllegalArgumentException("an entry has a lease exactly when it is IN_FLIGHT, but " + id + " is "
                    + state + " with lease owner " + leaseOwner);
        }
    }

    /** A new entry for an enqueued message, due at once. */
    public static OutboxEntry queued(OutboundMessage message, Instant now) {
        return new OutboxEntry(message.id(), message.customerId(), message.zone(), message.plan(), now,
                DeliveryState.QUEUED, DeliveryReason.NEW, "", now, 0, 0, 0, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), now);
    }

    /** The message of the current step. */
    public Message current() {
        return plan.get(step);
    }

    /** Whether a later step of the plan remains. */
    public boolean hasFallback() {
        return step + 1 < plan.size();
    }

    /** This entry claimed by a worker until {@code leaseUntil}. */
    public OutboxEntry claimed(String worker, Instant until, Instant now) {
        return new OutboxEntry(id, customerId, zone, plan, enqueuedAt, DeliveryState.IN_FLIGHT, DeliveryReason.CLAIMED,
                detail, dueAt, step, stepAttempts, totalAttempts, openAttempt, Optional.of(worker), Optional.of(until),
                providerId, now);
    }

    /** This entry with an attempt recorded and counted. */
    public OutboxEntry attempting(Attempt attempt, Instant now) {
        return new OutboxEntry(id, customerId, zone, plan, enqueuedAt, state, reason, detail, dueAt, step,
                stepAttempts + 1, totalAttempts + 1, Optional.of(attempt), leaseOwner, leaseUntil, providerId, now);
    }

    /** This entry without its open attempt (its outcome is now known), still leased. */
    public OutboxEntry attemptSettled(Instant now) {
        return new OutboxEntry(id, customerId, zone, plan, enqueuedAt, state, reason, detail, dueAt, step,
                stepAttempts, totalAttempts, Optional.empty(), leaseOwner, leaseUntil, providerId, now);
    }

    /**
     * This entry moved to another state, without a lease or an open attempt; attempts on the step restart
     * when the step changes.
     */
    public OutboxEntry moved(DeliveryState newState, DeliveryReason newReason, String newDetail, Instant newDueAt,
                             int newStep, Instant now) {
        if (newState == DeliveryState.IN_FLIGHT) {
            throw new IllegalArgumentException("use claimed(...) to move an entry IN_FLIGHT");
        }
        return new OutboxEntry(id, customerId, zone, plan, enqueuedAt, newState, newReason, newDetail, newDueAt,
                newStep, newStep == step ? stepAttempts : 0, totalAttempts, Optional.empty(), Optional.empty(),
                Optional.empty(), providerId, now);
    }

    /** This entry sent, with the provider's id. */
    public OutboxEntry sent(String provider, Instant now) {
        return new OutboxEntry(id, customerId, zone, plan, enqueuedAt, DeliveryState.SENT, DeliveryReason.ACCEPTED,
                "", dueAt, step, stepAttempts, totalAttempts, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(provider), now);
    }
}
