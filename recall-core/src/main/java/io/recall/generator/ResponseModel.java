package io.recall.generator;

import io.recall.campaign.CampaignRecord;
import io.recall.campaign.CustomerOutcome;
import io.recall.campaign.OfferMade;
import io.recall.measure.Exposure;
import io.recall.measure.Purchase;
import io.recall.measure.Redemption;
import io.recall.model.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A known response to a campaign, for checking that measurement recovers what was injected.
 *
 * <p>Each exposed customer converts at most once in their attribution window, with probability
 * {@code base(segment)} when held out and {@code base(segment) + uplift(segment, channel)} when treated (clamped
 * to 0..1); a conversion is one purchase at a uniform time in the window, of a log-normal amount (median and
 * sigma given, rounded to the minor unit, at least one minor unit). A treated converter redeems every offer
 * the campaign made them. Each customer's draws come from their own stream, seeded by the model's seed and
 * their id, so the outcome of one customer does not depend on who else is simulated or in what order.
 * Immutable and thread-safe.
 */
public final class ResponseModel {

    private final long seed;
    private final Map<String, BigDecimal> base;
    private final Map<String, BigDecimal> uplift;
    private final Money medianSpend;
    private final double sigma;

    private ResponseModel(Builder b) {
        this.seed = b.seed;
        this.base = Map.copyOf(b.base);
        this.uplift = Map.copyOf(b.uplift);
        this.medianSpend = Objects.requireNonNull(b.medianSpend, "spend was not set");
        this.sigma = b.sigma;
    }

    /** A builder with a seed; every segment's base rate is 0 until set. */
    public static Builder newBuilder(long seed) {
        return new Builder(seed);
    }

    /** The conversion probability without the campaign. */
    public BigDecimal base(String segmentId) {
        return base.getOrDefault(segmentId, BigDecimal.ZERO);
    }

    /** The injected uplift for a segment reached through a channel (0 unless set). */
    public BigDecimal uplift(String segmentId, String channelId) {
        return uplift.getOrDefault(segmentId + "\n" + channelId, BigDecimal.ZERO);
    }

    /** The currency of the simulated purchases. */
    public Currency currency() {
        return medianSpend.currency();
    }

    /** Purchases and redemptions of the customers a campaign run treated or held out. */
    public SimulatedResponse simulate(CampaignRecord record, Duration window) {
        List<Exposure> exposures = Exposure.of(record);
        List<Purchase> purchases = simulate(exposures, window);
        Map<String, List<OfferMade>> offers = new HashMap<>();
        record.outcomes().stream().filter(o -> o.status() == CustomerOutcome.Status.TARGETED)
                .forEach(o -> offers.put(o.customerId(), o.offers()));
        List<Redemption> redemptions = new ArrayList<>();
        for (Purchase p : purchases) {
            for (OfferMade o : offers.getOrDefault(p.customerId(), List.of())) {
                redemptions.add(new Redemption(p.customerId(), p.at(), o.value()));
            }
        }
        return new SimulatedResponse(purchases, redemptions);
    }

    /** The purchases of exposed customers in their windows. */
    public List<Purchase> simulate(List<Exposure> exposures, Duration window) {
        List<Purchase> out = new ArrayList<>();
        for (Exposure e : exposures) {
            SplittableRandom rng = new SplittableRandom(streamSeed(e.customerId()));
            BigDecimal p = base(e.segmentId());
            if (e.arm() == Exposure.Arm.TREATED) {
                p = p.add(uplift(e.segmentId(), e.channel()));
            }
            double u = rng.nextDouble();
            double offset = rng.nextDouble();
            double g = gaussian(rng);
            if (u < p.doubleValue()) {
                Instant at = e.from().plusMillis((long) (offset * window.toMillis()));
                BigDecimal amount = medianSpend.amount().multiply(BigDecimal.valueOf(Math.exp(sigma * g)))
                        .setScale(currency().getDefaultFractionDigits(), RoundingMode.HALF_EVEN);
                Money m = Money.of(amount, currency());
                Money least = Money.ofMinor(1, currency());
                out.add(new Purchase(e.customerId(), at, m.compareTo(least) < 0 ? least : m));
            }
        }
        return out;
    }

    private long streamSeed(String customerId) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < customerId.length(); i++) {
            h = (h ^ customerId.charAt(i)) * 0x100000001B3L;
        }
        return h;
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller; 1 - u keeps the logarithm finite.
        double u1 = 1 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * What a simulated shop did in response.
     *
     * @param purchases   purchases in the customers' windows
     * @param redemptions redeemed offers of treated converters
     */
    public record SimulatedResponse(List<Purchase> purchases, List<Redemption> redemptions) {

        /** Copies. */
        public SimulatedResponse {
            purchases = List.copyOf(purchases);
            redemptions = List.copyOf(redemptions);
        }
    }

    /** Collects the model's parameters; not thread-safe. */
    public static final class Builder {
        private final long seed;
        private final Map<String, BigDecimal> base = new HashMap<>();
        private final Map<String, BigDecimal> uplift = new HashMap<>();
        private Money medianSpend;
        private double sigma;

        private Builder(long seed) {
            this.seed = seed;
        }

        /** A segment's conversion probability without the campaign, 0..1. */
        public Builder base(String segmentId, BigDecimal rate) {
            if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException("base rate of " + segmentId + " must be 0..1 but was " + rate);
            }
            base.put(Objects.requireNonNull(segmentId, "segmentId"), rate);
            return this;
        }

        /** The added conversion probability for a segment reached through a channel, -1..1. */
        public Builder uplift(String segmentId, String channelId, BigDecimal delta) {
            if (delta.abs().compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException("uplift of " + segmentId + "/" + channelId + " must be -1..1 but was "
                        + delta);
            }
            uplift.put(segmentId + "\n" + channelId, delta);
            return this;
        }

        /** The log-normal spend of a conversion: its median and the sigma of its logarithm (at least 0). */
        public Builder spend(Money median, double logSigma) {
            if (!(logSigma >= 0) || Double.isInfinite(logSigma)) {
                throw new IllegalArgumentException("spend sigma must be >= 0 but was " + logSigma);
            }
            this.medianSpend = Objects.requireNonNull(median, "median");
            this.sigma = logSigma;
            return this;
        }

        /** The model. */
        public ResponseModel build() {
            return new ResponseModel(this);
        }
    }
}
