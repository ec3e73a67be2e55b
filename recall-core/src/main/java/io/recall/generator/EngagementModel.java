package io.recall.generator;

import io.recall.channels.Channel;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A known engagement with sent messages, for a demo's funnel and journeys: the delivery events a provider
 * would report for each message the pipeline sent.
 *
 * <p>Per channel, a sent message is delivered with probability {@code delivered}; a delivered one is opened
 * with probability {@code opened}; an opened one is clicked with probability {@code clicked}. A customer who
 * goes on to buy (a converter) opens and clicks {@code converterLift} times as often (capped at 1). Delivery
 * follows the send by 1 to 10 minutes, an open follows delivery after an exponential delay of mean
 * {@code openDelay}, a click follows the open by 1 to 30 minutes. A channel that cannot report opens (SMS, a
 * call-back list) reports no OPENED event, only the click that implies one. Each message's draws come from
 * its own stream, seeded by the model's seed and the message's idempotency key, so one message's events do
 * not depend on which others are simulated. Immutable and thread-safe.
 */
public final class EngagementModel {

    /**
     * The rates of one channel.
     *
     * @param delivered    P(delivered | sent), 0..1
     * @param opened       P(opened | delivered), 0..1
     * @param clicked      P(clicked | opened), 0..1
     * @param reportsOpens whether the channel reports opens (e-mail, push) or only clicks (SMS)
     */
    public record Rates(double delivered, double opened, double clicked, boolean reportsOpens) {
        /** Requires probabilities. */
        public Rates {
            probability(delivered, "delivered");
            probability(opened, "opened");
            probability(clicked, "clicked");
        }
    }

    private final long seed;
    private final Map<Channel, Rates> rates;
    private final double converterLift;
    private final Duration openDelay;

    private EngagementModel(Builder b) {
        this.seed = b.seed;
        this.rates = Map.copyOf(b.rates);
        this.converterLift = b.converterLift;
        this.openDelay = b.openDelay;
    }

    /** A builder with a seed; a channel without rates gets no events, converters engage 2x, opens after 12 h on average. */
    public static Builder newBuilder(long seed) {
        return new Builder(seed);
    }

    /** The rates of a channel, zero when not set. */
    public Rates rates(Channel channel) {
        return rates.getOrDefault(channel, new Rates(0, 0, 0, false));
    }

    /**
     * The events a provider reports for {@code message}, sent at {@code sentAt}, sorted by time: DELIVERED, then
     * OPENED (where the channel reports opens), then CLICKED, each at most once, each naming the message by its
     * idempotency key and recipient.
     *
     * @param converter whether the customer goes on to buy (they engage {@code converterLift} times as often)
     */
    public List<DeliveryEvent> events(Message message, Instant sentAt, boolean converter) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(sentAt, "sentAt");
        Rates r = rates(message.channel());
        SplittableRandom rng = new SplittableRandom(streamSeed(message.idempotencyKey()));
        // Every draw is made whatever the outcome, so a rate change moves no other message's stream.
        double uDelivered = rng.nextDouble();
        double uOpened = rng.nextDouble();
        double uClicked = rng.nextDouble();
        long deliverSeconds = 60 + rng.nextLong(540);
        double openWait = -Math.log(1 - rng.nextDouble());
        long clickSeconds = 60 + rng.nextLong(1740);
        double lift = converter ? converterLift : 1;
        List<DeliveryEvent> out = new ArrayList<>(3);
        if (uDelivered >= r.delivered()) {
            return out;
        }
        Instant delivered = sentAt.plusSeconds(deliverSeconds);
        out.add(DeliveryEvent.about(DeliveryEvent.Type.DELIVERED, message, delivered));
        if (uOpened >= Math.min(1, r.opened() * lift)) {
            return out;
        }
        Instant opened = delivered.plusMillis((long) (openWait * openDelay.toMillis()));
        if (r.reportsOpens()) {
            out.add(DeliveryEvent.about(DeliveryEvent.Type.OPENED, message, opened));
        }
        if (uClicked < Math.min(1, r.clicked() * lift)) {
            out.add(DeliveryEvent.about(DeliveryEvent.Type.CLICKED, message, opened.plusSeconds(clickSeconds)));
        }
        return out;
    }

    private long streamSeed(String key) {
        long h = seed * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001B3L;
        }
        return h;
    }

    private static void probability(double p, String name) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability 0..1 but was " + p);
        }
    }

    /** Collects the model's parameters; not thread-safe. */
    public static final class Builder {
        private final long seed;
        private final Map<Channel, Rates> rates = new HashMap<>();
        private double converterLift = 2;
        private Duration openDelay = Duration.ofHours(12);

        private Builder(long seed) {
            this.seed = seed;
        }

        /** The rates of a channel. */
        public Builder channel(Channel channel, Rates value) {
            rates.put(Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(value, "rates"));
            return this;
        }

        /** How many times as often a converter opens and clicks, at least 1 (default 2). */
        public Builder converterLift(double lift) {
            if (!(lift >= 1) || Double.isInfinite(lift)) {
                throw new IllegalArgumentException("converterLift must be at least 1 but was " + lift);
            }
            converterLift = lift;
            return this;
        }

        /** The mean delay from delivery to open, positive (default 12 hours). */
        public Builder openDelay(Duration mean) {
            Objects.requireNonNull(mean, "mean");
            if (mean.isNegative() || mean.isZero()) {
                throw new IllegalArgumentException("openDelay must be positive but was " + mean);
            }
            openDelay = mean;
            return this;
        }

        /** The model. */
        public EngagementModel build() {
            return new EngagementModel(this);
        }
    }
}
