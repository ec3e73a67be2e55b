package io.recall.delivery.internal;

import io.recall.delivery.Attempt;
import io.recall.delivery.ConsentEntry;
import io.recall.delivery.ConsentLedger;
import io.recall.delivery.OutboxEntry;
import io.recall.delivery.OutboxStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The pipeline's last step before provider requests, for a group of messages at once: reserve each one's
 * idempotency key, read its consent once more as the ledger holds it now, and record its attempt; and, riding
 * along, the outcomes of the sends before (SENT), so a round commits once per group rather than once per
 * message. Over any stores that is one call per message and step ({@link #of}); over a JDBC outbox and ledger
 * sharing a database, one transaction per group (on PostgreSQL four round trips, whatever its size).
 */
public interface AttemptStarter {

    /** What became of an attempt to start. */
    enum Outcome {
        /** The attempt is recorded: send. */
        RECORDED,
        /** Another entry holds the idempotency key on the channel: do not send. */
        KEY_TAKEN,
        /** Another transaction is reserving the key right now; try again in a later round. */
        KEY_BUSY,
        /** The latest consent is a withdrawal: do not send. */
        WITHDRAWN,
        /** The worker no longer holds the lease. */
        LEASE_LOST,
        /** From a store alone: the lease was lost or consent withdrawn; {@link #of} resolves which. */
        NOT_RECORDED
    }

    /**
     * A message about to be sent and the attempt to record for it.
     *
     * @param entry   the claimed entry
     * @param attempt the attempt, for the worker {@code attempt.workerId()}
     */
    record Start(OutboxEntry entry, Attempt attempt) {
        /** Validates every value. */
        public Start {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(attempt, "attempt");
        }
    }

    /**
     * An accepted send whose SENT state is still to be written.
     *
     * @param entry      the entry as it was attempted
     * @param providerId the provider's id
     */
    record Completion(OutboxEntry entry, String providerId) {
        /** Validates every value. */
        public Completion {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(providerId, "providerId");
        }
    }

    /**
     * @param outcome    what became of the attempt
     * @param withdrawal the withdrawal, when {@code outcome} is WITHDRAWN
     */
    record Started(Outcome outcome, Optional<ConsentEntry> withdrawal) {
        /** Validates every value. */
        public Started {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(withdrawal, "withdrawal");
        }

        static Started of(Outcome outcome) {
            return new Started(outcome, Optional.empty());
        }
    }

    /**
     * What became of a group.
     *
     * @param started   per start given, in order, what became of it; shorter than the starts only with a failure
     * @param completed per completion given, in order, whether it was written (false: the lease was lost)
     * @param failure   what stopped the group after some attempts were recorded (call by call only): the
     *                  recorded ones must still be sent before it is rethrown
     */
    record Group(List<Started> started, List<Boolean> completed, Optional<RuntimeException> failure) {
        /** Validates every value and copies the lists. */
        public Group {
            started = List.copyOf(started);
            completed = List.copyOf(completed);
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * Writes the completions, then, for each start in order, reserves the entry's idempotency key, re-reads its
     * consent and records its attempt, with this precedence: a taken key wins over a withdrawal, which wins over
     * a lost lease. Every attempt is {@code workerId}'s, and so are the leases the completions need; no message
     * appears twice among the starts, nor twice among the completions (the JDBC starter refuses both). A failure
     * before anything is written is thrown; over the JDBC stores the whole group is one atomic write.
     */
    Group start(String workerId, List<Start> starts, List<Completion> completions, Instant now);

    /** Writes accepted sends' SENT states alone; per completion, false if the worker lost the lease. */
    default List<Boolean> complete(String workerId, List<Completion> completions, Instant now) {
        return start(workerId, List.of(), completions, now).completed();
    }

    /**
     * The starter for these stores: combined when both are the JDBC stores over one data source (PostgreSQL or
     * H2), else call by call through their interfaces.
     */
    static AttemptStarter of(OutboxStore outbox, ConsentLedger consents) {
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(consents, "consents");
        if (outbox instanceof JdbcOutboxStore jdbc && consents instanceof JdbcConsentLedger ledger
                && ledger.dataSource() == jdbc.dataSource()
                && (jdbc.dialect() == Dialect.POSTGRESQL || jdbc.dialect() == Dialect.H2)) {
            return (workerId, starts, completions, now) -> {
                Group g = jdbc.start(workerId, starts, completions, now);
                List<Started> resolved = new ArrayList<>(g.started().size());
                for (int i = 0; i < g.started().size(); i++) {
                    Started s = g.started().get(i);
                    if (s.outcome() != Outcome.NOT_RECORDED) {
                        resolved.add(s);
                        continue;
                    }
                    Optional<ConsentEntry> withdrawn = latestWithdrawal(consents, starts.get(i).entry());
                    resolved.add(new Started(withdrawn.isPresent() ? Outcome.WITHDRAWN : Outcome.LEASE_LOST, withdrawn));
                }
                return new Group(resolved, g.completed(), g.failure());
            };
        }
        return (workerId, starts, completions, now) -> {
            List<Boolean> completed = new ArrayList<>(completions.size());
            for (Completion c : completions) {
                completed.add(outbox.complete(c.entry().id(), workerId, c.providerId(), now));
            }
            List<Started> started = new ArrayList<>(starts.size());
            for (Start s : starts) {
                try {
                    started.add(startOne(outbox, consents, s, now));
                } catch (RuntimeException x) {
                    if (completed.isEmpty() && started.stream().noneMatch(t -> t.outcome() == Outcome.RECORDED)) {
                        throw x; // nothing written yet
                    }
                    return new Group(started, completed, Optional.of(x));
                }
            }
            return new Group(started, completed, Optional.empty());
        };
    }

    private static Started startOne(OutboxStore outbox, ConsentLedger consents, Start s, Instant now) {
        OutboxEntry entry = s.entry();
        Attempt attempt = s.attempt();
        if (!outbox.reserveIdempotencyKey(attempt.channel(), attempt.idempotencyKey(), entry.id())) {
            return Started.of(Outcome.KEY_TAKEN);
        }
        Optional<ConsentEntry> withdrawn = latestWithdrawal(consents, entry);
        if (withdrawn.isPresent()) {
            return new Started(Outcome.WITHDRAWN, withdrawn);
        }
        return Started.of(outbox.recordAttempt(entry.id(), attempt.workerId(), attempt, now)
                ? Outcome.RECORDED : Outcome.LEASE_LOST);
    }

    /** The latest consent for the entry's current message, if it is a withdrawal. */
    private static Optional<ConsentEntry> latestWithdrawal(ConsentLedger consents, OutboxEntry entry) {
        return consents.latest(entry.customerId(), entry.current().channel(), entry.current().purpose())
                .filter(e -> e.decision() == ConsentEntry.Decision.WITHDRAWN);
    }
}
