package io.recall.delivery.internal;

import io.recall.delivery.Attempt;
import io.recall.delivery.ConsentEntry;
import io.recall.delivery.ConsentLedger;
import io.recall.delivery.OutboxEntry;
import io.recall.delivery.OutboxStore;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The pipeline's last step before a provider request, per message: reserve its idempotency key, read consent
 * once more as the ledger holds it now, and record the attempt; and, riding along, the outcome of the send
 * before it (SENT), so a round of one-message requests commits once per message. Over any stores that is one
 * call each ({@link #of}); over a JDBC outbox and ledger sharing a database, one statement (PostgreSQL) or
 * one transaction (H2).
 */
public interface AttemptStarter {

    /** What became of an attempt to start. */
    enum Outcome {
        /** The attempt is recorded: send. */
        RECORDED,
        /** Another entry holds the idempotency key on the channel: do not send. */
        KEY_TAKEN,
        /** Another transaction is reserving the key right now (H2); try again in a later round. */
        KEY_BUSY,
        /** The latest consent is a withdrawal: do not send. */
        WITHDRAWN,
        /** The worker no longer holds the lease. */
        LEASE_LOST,
        /** From a store alone: the lease was lost or consent withdrawn; {@link #of} resolves which. */
        NOT_RECORDED
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
     * @param completed  whether the completion given along was written (false: the lease was lost); empty if none
     */
    record Started(Outcome outcome, Optional<ConsentEntry> withdrawal, Optional<Boolean> completed) {
        /** Validates every value. */
        public Started {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(withdrawal, "withdrawal");
            Objects.requireNonNull(completed, "completed");
        }
    }

    /**
     * Writes {@code completion} if given, then reserves {@code entry}'s idempotency key, re-reads its consent and
     * records {@code attempt} (for the worker {@code attempt.workerId()}), in that order of precedence: a taken
     * key wins over a withdrawal, which wins over a lost lease.
     */
    Started start(OutboxEntry entry, Attempt attempt, Optional<Completion> completion, Instant now);

    /** Writes an accepted send's SENT state alone; false if the worker lost the lease. */
    boolean complete(Completion completion, String workerId, Instant now);

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
            return new AttemptStarter() {
                @Override
                public Started start(OutboxEntry entry, Attempt attempt, Optional<Completion> completion, Instant now) {
                    Started s = jdbc.start(entry, attempt, completion, true, now);
                    if (s.outcome() != Outcome.NOT_RECORDED) {
                        return s;
                    }
                    Optional<ConsentEntry> withdrawn = latestWithdrawal(consents, entry);
                    return new Started(withdrawn.isPresent() ? Outcome.WITHDRAWN : Outcome.LEASE_LOST, withdrawn,
                            s.completed());
                }

                @Override
                public boolean complete(Completion c, String workerId, Instant now) {
                    return outbox.complete(c.entry().id(), workerId, c.providerId(), now);
                }
            };
        }
        return new AttemptStarter() {
            @Override
            public Started start(OutboxEntry entry, Attempt attempt, Optional<Completion> completion, Instant now) {
                Optional<Boolean> completed = completion.map(c -> complete(c, attempt.workerId(), now));
                if (!outbox.reserveIdempotencyKey(attempt.channel(), attempt.idempotencyKey(), entry.id())) {
                    return new Started(Outcome.KEY_TAKEN, Optional.empty(), completed);
                }
                Optional<ConsentEntry> withdrawn = latestWithdrawal(consents, entry);
                if (withdrawn.isPresent()) {
                    return new Started(Outcome.WITHDRAWN, withdrawn, completed);
                }
                return new Started(outbox.recordAttempt(entry.id(), attempt.workerId(), attempt, now)
                        ? Outcome.RECORDED : Outcome.LEASE_LOST, Optional.empty(), completed);
            }

            @Override
            public boolean complete(Completion c, String workerId, Instant now) {
                return outbox.complete(c.entry().id(), workerId, c.providerId(), now);
            }
        };
    }

    /** The latest consent for the entry's current message, if it is a withdrawal. */
    private static Optional<ConsentEntry> latestWithdrawal(ConsentLedger consents, OutboxEntry entry) {
        return consents.latest(entry.customerId(), entry.current().channel(), entry.current().purpose())
                .filter(e -> e.decision() == ConsentEntry.Decision.WITHDRAWN);
    }
}
