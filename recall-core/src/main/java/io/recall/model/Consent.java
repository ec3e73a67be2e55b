package io.recall.model;

import io.recall.channels.Channel;

import java.time.Instant;
import java.util.Objects;

/**
 * A customer's statement about being contacted on one channel: granted or withdrawn, when, and which
 * source recorded it. The newest statement per channel is the one in force.
 *
 * @param channel  the channel, e.g. {@code email}, {@code sms}, {@code push}, {@code phone}, {@code ads}
 * @param granted  true for a grant (opt-in), false for a withdrawal (opt-out)
 * @param at       when the customer made the statement
 * @param source   the source that recorded it, e.g. {@code stores}
 * @param recordId the record in that source
 */
public record Consent(Channel channel, boolean granted, Instant at, String source, String recordId) {

    /** Validates that nothing is missing. */
    public Consent {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(recordId, "recordId");
        if (source.isBlank()) {
            throw new IllegalArgumentException("source of a consent on " + channel + " is blank");
        }
    }

    /**
     * Whether this statement is in force over {@code other} (same channel): the newer one; at the same instant
     * a withdrawal, because contacting someone who said no is the worse mistake; then by source and record,
     * so the choice never depends on the order records arrive in.
     */
    public boolean supersedes(Consent other) {
        int byTime = at.compareTo(other.at);
        if (byTime != 0) {
            return byTime > 0;
        }
        if (granted != other.granted) {
            return !granted;
        }
        int bySource = (source + '\u0000' + recordId).compareTo(other.source + '\u0000' + other.recordId);
        return bySource <= 0;
    }
}
