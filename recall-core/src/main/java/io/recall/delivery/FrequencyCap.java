package io.recall.delivery;

import io.recall.channels.Channel;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * At most {@code max} marketing messages to one customer in any rolling {@code window}, on one channel or
 * across all channels. Service messages are neither capped nor counted.
 *
 * @param channel the channel, or empty for all channels together
 * @param max     the most sends in the window, at least 1
 * @param window  the rolling window, positive
 */
public record FrequencyCap(Optional<Channel> channel, int max, Duration window) {

    /** Validates every value. */
    public FrequencyCap {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(window, "window");
        if (max < 1) {
            throw new IllegalArgumentException("a frequency cap must allow at least 1 message but was " + max);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a frequency cap window must be positive but was " + window);
        }
    }

    /** At most {@code max} per {@code window} on one channel. */
    public static FrequencyCap perChannel(Channel channel, int max, Duration window) {
        return new FrequencyCap(Optional.of(channel), max, window);
    }

    /** At most {@code max} per {@code window} on all channels together. */
    public static FrequencyCap acrossChannels(int max, Duration window) {
        return new FrequencyCap(Optional.empty(), max, window);
    }

    /** Whether the cap counts sends on this channel. */
    public boolean appliesTo(Channel c) {
        return channel.isEmpty() || channel.get().equals(c);
    }
}
