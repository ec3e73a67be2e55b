package io.recall.delivery;

import io.recall.channels.Channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The pipeline's rules: send windows per channel, frequency caps, retries and leases. Immutable and
 * thread-safe; build one with {@link #newBuilder()}.
 *
 * <p>Policies run in this order, and the first that stops a message gives its reason: consent for the
 * channel and purpose, the suppression list, the channel's send window in the customer's time zone
 * (deferred to its next opening), frequency caps (deferred until an earlier send leaves the window), then
 * deduplication by idempotency key.
 */
public final class DeliveryPolicy {

    private final Map<Channel, SendWindow> windows;
    private final List<FrequencyCap> caps;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration lease;
    private final int claimLimit;
    private final Duration recordAhead;

    private DeliveryPolicy(Builder b) {
        this.windows = Map.copyOf(b.windows);
        this.caps = List.copyOf(b.caps);
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.lease = b.lease;
        this.claimLimit = b.claimLimit;
        this.recordAhead = b.recordAhead;
    }

    /**
     * A builder with no windows and no caps, 5 attempts per channel, backoff from 30 s doubling up to 1 h,
     * 10-minute leases, 100 messages claimed per round, and attempts recorded up to 100 ms ahead.
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** The send window of a channel, if it has one. */
    public Optional<SendWindow> window(Channel channel) {
        return Optional.ofNullable(windows.get(channel));
    }

    /** Every frequency cap. */
    public List<FrequencyCap> caps() {
        return caps;
    }

    /** The most provider attempts per channel of a message's plan. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The backoff before the second attempt; it doubles per attempt. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** The longest backoff (a provider's retry-after may ask for longer, and is honoured). */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** How long a worker's claim on a message lasts. */
    public Duration lease() {
        return lease;
    }

    /** The most messages one dispatch round claims. */
    public int claimLimit() {
        return claimLimit;
    }

    /**
     * How far ahead of its request an attempt may be recorded, with its key reserved and its consent read
     * again, when the adapter's provider deduplicates: see {@link Builder#recordAhead(Duration)}.
     */
    public Duration recordAhead() {
        return recordAhead;
    }

    /** Collects the rules. Not thread-safe. */
    public static final class Builder {

        private final Map<Channel, SendWindow> windows = new HashMap<>();
        private final List<FrequencyCap> caps = new ArrayList<>();
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofSeconds(30);
        private Duration maxBackoff = Duration.ofHours(1);
        private Duration lease = Duration.ofMinutes(10);
        private int claimLimit = 100;
        private Duration recordAhead = Duration.ofMillis(100);

        private Builder() {
        }

        /** Sends on {@code channel} only inside {@code window}, in the customer's time zone. */
        public Builder sendWindow(Channel channel, SendWindow window) {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(window, "window");
            if (windows.containsKey(channel)) {
                throw new IllegalStateException("send window of channel " + channel + " was already set to "
                        + windows.get(channel));
            }
            windows.put(channel, window);
            return this;
        }

        /** Adds a frequency cap. */
        public Builder frequencyCap(FrequencyCap cap) {
            caps.add(Objects.requireNonNull(cap, "cap"));
            return this;
        }

        /** The most provider attempts per channel, at least 1. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** Exponential backoff from {@code initial}, doubling, never above {@code max}; both positive. */
        public Builder backoff(Duration initial, Duration max) {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff must satisfy 0 < initial <= max but was " + initial
                        + " and " + max);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * How long a claim lasts; positive. A round spends at most nine tenths of it on provider requests, each
         * counted at its adapter's {@code Capabilities.maxSendDuration()}: the pipeline claims no more than that
         * covers and hands back what it cannot send in time, and refuses to build with an adapter whose single
         * request would not fit. (A worker that still overran its lease is safe: the next worker reports the
         * outcome as unknown to a provider that cannot deduplicate.)
         */
        public Builder lease(Duration lease) {
            Objects.requireNonNull(lease, "lease");
            if (lease.isNegative() || lease.isZero()) {
                throw new IllegalArgumentException("lease must be positive but was " + lease);
            }
            this.lease = lease;
            return this;
        }

        /** The most messages one round claims, at least 1. */
        public Builder claimLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("claimLimit must be at least 1 but was " + limit);
            }
            this.claimLimit = limit;
            return this;
        }

        /**
         * How far ahead of its request an attempt may be recorded (its key reserved and its consent read again
         * with it) when the adapter's provider deduplicates; zero or more. The pipeline then starts the attempts
         * of as many requests at once as it expects to send within this time, by the adapter's measured request
         * times (at most 128 requests, and never more than the lease covers), in one database write, and writes
         * their SENT states with the next group's. A consent withdrawn after a group started stops the group's
         * sends only if it comes before the write, so this bounds how late a withdrawal can be. Safe after a
         * crash because such a provider takes a resend with the same key as a repeat. {@code Duration.ZERO}
         * starts each request's attempts just before it, as the pipeline always does for a provider that cannot
         * deduplicate.
         */
        public Builder recordAhead(Duration ahead) {
            Objects.requireNonNull(ahead, "ahead");
            if (ahead.isNegative()) {
                throw new IllegalArgumentException("recordAhead must not be negative but was " + ahead);
            }
            this.recordAhead = ahead;
            return this;
        }

        /** The policy. */
        public DeliveryPolicy build() {
            return new DeliveryPolicy(this);
        }
    }
}
