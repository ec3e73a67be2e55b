package io.recall.examples.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How long to wait before each retry of a failed webhook. The {@link #standard()} schedule is the example in the
 * Standard Webhooks specification ("Deliverability and reliability"): immediately, then 5 s, 5 min, 30 min, 2 h,
 * 5 h, 10 h, 14 h, 20 h and 24 h, about three days in all.
 *
 * @param delays the wait before retry 1, 2, ...; after the last one, attempts are exhausted
 */
public record WebhookRetrySchedule(List<Duration> delays) {

    /** Copies the delays and rejects negative ones. */
    public WebhookRetrySchedule {
        delays = List.copyOf(Objects.requireNonNull(delays, "delays"));
        for (Duration d : delays) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("retry delays must not be negative but one was " + d);
            }
        }
    }

    /** The specification's example schedule: 9 retries after the first attempt. */
    public static WebhookRetrySchedule standard() {
        return new WebhookRetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14),
                Duration.ofHours(20), Duration.ofHours(24)));
    }

    /** How many attempts in all: the first one plus one per delay. */
    public int maxAttempts() {
        return delays.size() + 1;
    }

    /**
     * The wait after {@code failures} failed attempts; after more failures than delays, the last delay again
     * (the pipeline's own {@code maxAttempts} decides when to give up).
     *
     * @param failures how many attempts have failed so far, at least 1
     */
    public Duration delayAfter(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1 but was " + failures);
        }
        if (delays.isEmpty()) {
            return Duration.ZERO;
        }
        return delays.get(Math.min(failures, delays.size()) - 1);
    }
}
