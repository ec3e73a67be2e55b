package io.recall.delivery.internal;

import io.recall.channels.Capabilities;

import java.time.Duration;
import java.time.Instant;

/**
 * Paces sends to an adapter's rate limit: a bucket of {@code messages} tokens refilled evenly over
 * {@code per}, driven by the "now" the host passes in (never the wall clock). Starts full. Not thread-safe.
 */
public final class TokenBucket {

    private final int capacity;
    private final long nanosPerToken;
    private double tokens;
    private Instant last;

    /** A full bucket for a rate limit. */
    public TokenBucket(Capabilities.RateLimit limit) {
        this.capacity = limit.messages();
        this.nanosPerToken = Math.max(1, limit.per().toNanos() / limit.messages());
        this.tokens = capacity;
    }

    /** Takes up to {@code wanted} whole tokens at {@code now}; returns how many were taken. */
    public int take(int wanted, Instant now) {
        refill(now);
        int n = (int) Math.min(wanted, Math.floor(tokens));
        tokens -= n;
        return n;
    }

    /** When the next whole token will be available, at or after {@code now}. */
    public Instant nextToken(Instant now) {
        refill(now);
        if (tokens >= 1) {
            return now;
        }
        return now.plus(Duration.ofNanos((long) Math.ceil((1 - tokens) * nanosPerToken)));
    }

    private void refill(Instant now) {
        if (last != null && now.isAfter(last)) {
            long nanos = Duration.between(last, now).toNanos();
            tokens = Math.min(capacity, tokens + (double) nanos / nanosPerToken);
        }
        if (last == null || now.isAfter(last)) {
            last = now;
        }
    }
}
