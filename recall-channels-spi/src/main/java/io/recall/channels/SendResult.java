package io.recall.channels;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one message handed to an adapter: accepted, worth retrying, failed for good, or
 * unknown.
 *
 * <p>The four cases differ in what the delivery pipeline may do next, and that is how an adapter
 * classifies a provider's answer:
 * <table>
 *   <caption>How a provider's answer maps to a result</caption>
 *   <tr><th>case</th><th>when</th><th>the pipeline then</th></tr>
 *   <tr><td>{@link Accepted}</td><td>the provider took the message (HTTP 2xx, SMTP 250)</td>
 *       <td>marks it sent and waits for delivery events</td></tr>
 *   <tr><td>{@link Retryable}</td><td>the provider certainly does not have it and may take it later:
 *       5xx, 429 or SMTP 4xx, connection refused, a timeout before the request was written</td>
 *       <td>retries with backoff, not before {@code retryAfter}</td></tr>
 *   <tr><td>{@link Permanent}</td><td>the provider refused and will refuse again: bad address,
 *       rejected content, unrenderable template</td>
 *       <td>tries the fallback channel; suppresses the address if asked</td></tr>
 *   <tr><td>{@link Unknown}</td><td>the request left but no answer came (a read timeout, a dropped
 *       connection after the body was sent): the provider may or may not have it</td>
 *       <td>resends only if the provider deduplicates, otherwise reconciles or reports it</td></tr>
 * </table>
 *
 * <p>A reason is short text for operators and reconciliation counts, such as {@code "smtp 550 5.1.1 user
 * unknown"}: never message content, and with addresses masked. Reasons longer than 500 characters are cut.
 */
public sealed interface SendResult {

    /** The four cases, for a {@code switch}. */
    enum Kind {
        /** See {@link Accepted}. */
        ACCEPTED,
        /** See {@link Retryable}. */
        RETRYABLE,
        /** See {@link Permanent}. */
        PERMANENT,
        /** See {@link Unknown}. */
        UNKNOWN
    }

    /** Which of the four cases this is. */
    Kind kind();

    /** The provider took the message and named it {@code providerId}. */
    static Accepted accepted(String providerId) {
        return new Accepted(providerId);
    }

    /** The provider does not have the message; retry after the pipeline's own backoff. */
    static Retryable retryable(String reason) {
        return new Retryable(reason, Optional.empty());
    }

    /** The provider does not have the message and asked to wait {@code retryAfter} before trying again. */
    static Retryable retryable(String reason, Duration retryAfter) {
        return new Retryable(reason, Optional.of(retryAfter));
    }

    /** The provider refused the message for good; {@code suppressAddress} when the address itself is bad. */
    static Permanent permanent(String reason, boolean suppressAddress) {
        return new Permanent(reason, suppressAddress);
    }

    /** The request left but no answer came: the provider may or may not have the message. */
    static Unknown unknown(String reason) {
        return new Unknown(reason);
    }

    /**
     * The provider took the message.
     *
     * @param providerId the provider's id for it (an HTTP response's message id, an SMTP queue id, an SMPP
     *                   message id), which delivery events refer to; 1 to 255 characters
     */
    record Accepted(String providerId) implements SendResult {

        /** Validates the id. */
        public Accepted {
            Checks.text(providerId, "providerId", 255);
        }

        /** Returns {@link Kind#ACCEPTED}. */
        @Override
        public Kind kind() {
            return Kind.ACCEPTED;
        }
    }

    /**
     * The provider certainly does not have the message, and may take it later.
     *
     * @param reason     why, for operators
     * @param retryAfter how long the provider asked to wait (a {@code Retry-After} header), if it said
     */
    record Retryable(String reason, Optional<Duration> retryAfter) implements SendResult {

        /** Validates the reason and rejects a negative wait. */
        public Retryable {
            reason = checkReason(reason);
            Objects.requireNonNull(retryAfter, "retryAfter");
            if (retryAfter.isPresent() && retryAfter.get().isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative but was " + retryAfter.get());
            }
        }

        /** Returns {@link Kind#RETRYABLE}. */
        @Override
        public Kind kind() {
            return Kind.RETRYABLE;
        }
    }

    /**
     * The provider refused the message and would refuse it again.
     *
     * @param reason          why, for operators
     * @param suppressAddress whether the address itself is bad (no such user, invalid number, dead token),
     *                        so nothing more should go to it; false when only this message was refused
     */
    record Permanent(String reason, boolean suppressAddress) implements SendResult {

        /** Validates the reason. */
        public Permanent {
            reason = checkReason(reason);
        }

        /** Returns {@link Kind#PERMANENT}. */
        @Override
        public Kind kind() {
            return Kind.PERMANENT;
        }
    }

    /**
     * The request left but no answer came: the provider may or may not have the message.
     *
     * @param reason what happened, such as {@code "read timed out after 10 s"}
     */
    record Unknown(String reason) implements SendResult {

        /** Validates the reason. */
        public Unknown {
            reason = checkReason(reason);
        }

        /** Returns {@link Kind#UNKNOWN}. */
        @Override
        public Kind kind() {
            return Kind.UNKNOWN;
        }
    }

    private static String checkReason(String reason) {
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("reason must not be blank");
        }
        return reason.length() <= 500 ? reason : reason.substring(0, 499) + "…";
    }
}
