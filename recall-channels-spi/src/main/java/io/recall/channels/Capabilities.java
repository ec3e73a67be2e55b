package io.recall.channels;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an adapter can do, declared once, so the delivery pipeline can plan around it: the channels it
 * serves, how many messages one provider request carries, how fast the provider may be called, who
 * renders templates, whether the provider deduplicates, and how long a send may take.
 *
 * <p>Start from {@link #of(Channel, Channel...)} and adjust with the {@code with...} methods. The
 * contract-test kit checks each declaration against the adapter's behaviour.
 *
 * @param channels             the channels the adapter sends to; at least one
 * @param maxBatch             the most messages one provider request carries (1 when the provider has no
 *                             batch call); {@link ChannelAdapter#sendBatch} splits larger lists
 * @param rateLimit            how often the provider may be called, if it limits; the pipeline paces to it
 * @param rendering            who turns a template id, locale and variables into text
 * @param providerDeduplicates whether the provider itself drops a second request carrying an idempotency
 *                             key it has seen, so an {@link SendResult.Unknown} may simply be resent
 * @param maxSendDuration      the longest one provider request may take (connect, write, wait for the answer)
 *                             before the adapter gives up; the pipeline sizes its outbox leases from it
 */
public record Capabilities(Set<Channel> channels, int maxBatch, Optional<RateLimit> rateLimit, Rendering rendering,
                           boolean providerDeduplicates, Duration maxSendDuration) {

    /** Who renders a message's template. */
    public enum Rendering {
        /** The adapter renders with the {@link TemplateRenderer} in its {@link AdapterContext}. */
        LOCAL,
        /** The provider renders by template id (SendGrid dynamic templates, Twilio content templates). */
        PROVIDER,
        /** Nothing is rendered: the adapter uses the variables as data (call-back lists, ad audiences). */
        NONE
    }

    /**
     * A provider's rate limit: at most {@code messages} per {@code per}.
     *
     * @param messages how many messages, at least 1
     * @param per      in how long a window, positive
     */
    public record RateLimit(int messages, Duration per) {

        /** Validates both values. */
        public RateLimit {
            Objects.requireNonNull(per, "per");
            if (messages < 1) {
                throw new IllegalArgumentException("rate limit messages must be at least 1 but was " + messages);
            }
            if (per.isNegative() || per.isZero()) {
                throw new IllegalArgumentException("rate limit window must be positive but was " + per);
            }
        }
    }

    /** Validates every value and copies the channels. */
    public Capabilities {
        channels = Set.copyOf(Objects.requireNonNull(channels, "channels"));
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(rendering, "rendering");
        Objects.requireNonNull(maxSendDuration, "maxSendDuration");
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("an adapter must serve at least one channel");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1 but was " + maxBatch);
        }
        if (maxSendDuration.isNegative() || maxSendDuration.isZero()) {
            throw new IllegalArgumentException("maxSendDuration must be positive but was " + maxSendDuration);
        }
    }

    /**
     * Serves the given channels one message per request, unlimited, rendering locally, without provider
     * deduplication, giving up on a request after 30 seconds.
     */
    public static Capabilities of(Channel channel, Channel... more) {
        Set<Channel> all = new HashSet<>();
        all.add(Objects.requireNonNull(channel, "channel"));
        for (Channel c : more) {
            if (!all.add(Objects.requireNonNull(c, "channel"))) {
                throw new IllegalArgumentException("channel " + c + " was given twice");
            }
        }
        return new Capabilities(all, 1, Optional.empty(), Rendering.LOCAL, false, Duration.ofSeconds(30));
    }

    /** Whether the adapter serves this channel. */
    public boolean serves(Channel channel) {
        return channels.contains(Objects.requireNonNull(channel, "channel"));
    }

    /** These capabilities with another batch size. */
    public Capabilities withMaxBatch(int maxBatch) {
        return new Capabilities(channels, maxBatch, rateLimit, rendering, providerDeduplicates, maxSendDuration);
    }

    /** These capabilities with a rate limit of {@code messages} per {@code per}. */
    public Capabilities withRateLimit(int messages, Duration per) {
        return new Capabilities(channels, maxBatch, Optional.of(new RateLimit(messages, per)), rendering,
                providerDeduplicates, maxSendDuration);
    }

    /** These capabilities with another way of rendering. */
    public Capabilities withRendering(Rendering rendering) {
        return new Capabilities(channels, maxBatch, rateLimit, rendering, providerDeduplicates, maxSendDuration);
    }

    /** These capabilities with provider deduplication declared (or not). */
    public Capabilities withProviderDeduplication(boolean providerDeduplicates) {
        return new Capabilities(channels, maxBatch, rateLimit, rendering, providerDeduplicates, maxSendDuration);
    }

    /** These capabilities with another longest request duration. */
    public Capabilities withMaxSendDuration(Duration maxSendDuration) {
        return new Capabilities(channels, maxBatch, rateLimit, rendering, providerDeduplicates, maxSendDuration);
    }
}
