package io.recall.examples.webhook;

import java.time.Instant;
import java.util.Objects;

/** What {@link WebhookVerifier} found: the webhook is authentic and fresh, or why it is rejected. */
public sealed interface Verification {

    /** Whether the webhook may be processed. */
    boolean verified();

    /**
     * The webhook is authentic and within the tolerance.
     *
     * @param id            its {@code webhook-id}: deduplicate on it
     * @param timestamp     its {@code webhook-timestamp}
     * @param matchedSecret the index, in the verifier's list, of the secret whose signature matched (tells a host
     *                      rotating secrets when the old one stops being used)
     */
    record Verified(String id, Instant timestamp, int matchedSecret) implements Verification {

        /** Validates that nothing is missing. */
        public Verified {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(timestamp, "timestamp");
        }

        /** Returns true. */
        @Override
        public boolean verified() {
            return true;
        }
    }

    /**
     * The webhook must not be processed.
     *
     * @param reason what failed
     * @param detail what was expected and what was found, for the host's log (never a key or a signature)
     */
    record Rejected(Reason reason, String detail) implements Verification {

        /** Validates that nothing is missing. */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        /** Returns false. */
        @Override
        public boolean verified() {
            return false;
        }
    }

    /** Why a webhook was rejected. */
    enum Reason {
        /** A {@code webhook-} header is missing or empty. */
        MISSING_HEADER,
        /** {@code webhook-timestamp} is not whole seconds since the epoch. */
        MALFORMED_TIMESTAMP,
        /** The timestamp is further in the past than the tolerance: possibly a replay. */
        TIMESTAMP_TOO_OLD,
        /** The timestamp is further in the future than the tolerance. */
        TIMESTAMP_TOO_NEW,
        /** {@code webhook-signature} holds no {@code v1} signature this verifier understands. */
        NO_SUPPORTED_SIGNATURE,
        /** No {@code v1} signature matches any of the secrets: wrong secret, or the id, time or body changed. */
        NO_MATCHING_SIGNATURE
    }
}
