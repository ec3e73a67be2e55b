package io.recall.delivery;

import io.recall.channels.Capabilities;
import io.recall.delivery.internal.InMemoryRateLimiter;

import java.time.Instant;

/**
 * Paces provider requests to an adapter's {@link Capabilities#rateLimit()} across every worker that shares
 * it: one bucket per adapter's channels, refilled evenly from the "now" the workers pass in (never the wall
 * clock), full at first. Workers in one process share a limit by sharing one limiter (pipelines built from
 * one {@link DeliveryPipeline.Builder} do); processes share one through the database with
 * {@link JdbcStores#rateLimiter()}. Thread-safe.
 *
 * <p>In any span of {@code d}, a bucket grants at most {@code messages + messages * d / per} permits: the
 * full bucket, then the refill.
 */
public interface RateLimiter {

    /** A thread-safe limiter in memory, shared by every worker given it. */
    static RateLimiter inMemory() {
        return new InMemoryRateLimiter();
    }

    /**
     * Takes up to {@code wanted} permits from a bucket at {@code now}.
     *
     * @param bucket which limit: the pipeline names it after the adapter's channels, such as {@code "email"}
     * @param limit  the rate limit of that bucket
     * @param wanted how many permits, at least 0
     * @param now    the current instant, from the worker's "now"
     * @return how many were granted and when the next will be free
     */
    Grant acquire(String bucket, Capabilities.RateLimit limit, int wanted, Instant now);

    /**
     * Permits granted.
     *
     * @param permits how many, possibly 0
     * @param nextAt  when one more permit will be free, at or after the "now" asked at
     */
    record Grant(int permits, Instant nextAt) {

        /** Validates both values. */
        public Grant {
            java.util.Objects.requireNonNull(nextAt, "nextAt");
            if (permits < 0) {
                throw new IllegalArgumentException("permits must be at least 0 but were " + permits);
            }
        }
    }
}
