package io.recall.delivery.internal;

import io.recall.channels.Capabilities;

/**
 * The arithmetic of a rate limit as a generic cell rate algorithm: one number, the theoretical arrival time
 * ({@code tat}, epoch nanoseconds) of the next permit, stands for a token bucket of {@code messages} permits
 * refilled evenly over {@code per}. One number is easy to keep in memory or in one database row. Integer
 * arithmetic; the spacing is rounded up, so the rate never exceeds the limit.
 */
public final class Gcra {

    private Gcra() {
    }

    /**
     * The result of asking for permits.
     *
     * @param permits how many were granted
     * @param tat     the new theoretical arrival time to store
     * @param nextAt  when (epoch nanoseconds, at or after now) one more permit will be free
     */
    public record Step(int permits, long tat, long nextAt) {
    }

    /** Asks for up to {@code wanted} permits at {@code now}; {@code tat} is empty (a full bucket) when never used. */
    public static Step take(Capabilities.RateLimit limit, java.util.OptionalLong tat, int wanted, long now) {
        long spacing = spacing(limit);
        long burst = Math.multiplyExact(spacing, (long) limit.messages());
        long from = tat.isPresent() ? Math.max(tat.getAsLong(), now) : now;
        long room = now + burst - from;
        int permits = (int) Math.max(0, Math.min(wanted, room / spacing));
        long newTat = from + permits * spacing;
        long nextAt = Math.max(now, newTat + spacing - burst);
        return new Step(permits, newTat, nextAt);
    }

    /** Nanoseconds between permits: {@code per / messages}, rounded up. */
    static long spacing(Capabilities.RateLimit limit) {
        long per = limit.per().toNanos();
        return Math.max(1, (per + limit.messages() - 1) / limit.messages());
    }
}
