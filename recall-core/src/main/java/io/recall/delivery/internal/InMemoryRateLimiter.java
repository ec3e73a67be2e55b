package io.recall.delivery.internal;

import io.recall.channels.Capabilities;
import io.recall.delivery.RateLimiter;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/** {@link RateLimiter} in memory: one theoretical arrival time per bucket, under the limiter's monitor. */
public final class InMemoryRateLimiter implements RateLimiter {

    private final Map<String, Long> tats = new HashMap<>();

    @Override
    public synchronized Grant acquire(String bucket, Capabilities.RateLimit limit, int wanted, Instant now) {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(limit, "limit");
        Long tat = tats.get(bucket);
        Gcra.Step step = Gcra.take(limit, tat == null ? OptionalLong.empty() : OptionalLong.of(tat), wanted,
                Jdbc.nanos(now));
        tats.put(bucket, step.tat());
        return new Grant(step.permits(), Jdbc.instant(step.nextAt()));
    }
}
