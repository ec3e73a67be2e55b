package io.recall.incentive;

import io.recall.model.Money;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmScore;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the rule engine knows about one customer when it decides: segment, scores and metrics, membership,
 * service history, interests, consent, and predictions when a model has made them.
 *
 * @param customerId            the customer
 * @param segmentId             the segment from the {@link io.recall.segment.Segmenter}
 * @param score                 the R, F and M scores
 * @param metrics               the raw RFM metrics (recency, frequency, monetary, tenure)
 * @param expectedBasket        the order the offer is valued against (say, the average order); at least zero
 * @param tier                  the member tier, when the customer is a member
 * @param points                the points balance, at least zero
 * @param unresolvedComplaints  open complaints, at least zero
 * @param categoryAffinity      share of spend (0..1) per category
 * @param consentedChannels     channel ids the customer agreed to be contacted on ({@code email}, {@code sms})
 * @param probabilityAlive      P(alive) from a prediction model, 0..1, when present
 * @param lifetimeValue         predicted customer lifetime value, when present
 * @param recommendedSkus       product recommendations, best first (empty when there are none)
 * @param zone                  the customer's time zone, for validity windows in customer time
 */
public record CustomerFacts(String customerId, String segmentId, RfmScore score, RfmMetrics metrics,
                            Money expectedBasket, Optional<String> tier, long points, int unresolvedComplaints,
                            Map<String, BigDecimal> categoryAffinity, Set<String> consentedChannels,
                            Optional<BigDecimal> probabilityAlive, Optional<Money> lifetimeValue,
                            List<String> recommendedSkus, ZoneId zone) {

    /** Validates and copies. */
    public CustomerFacts {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(segmentId, "segmentId");
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(expectedBasket, "expectedBasket");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(probabilityAlive, "probabilityAlive");
        Objects.requireNonNull(lifetimeValue, "lifetimeValue");
        Objects.requireNonNull(zone, "zone");
        categoryAffinity = Map.copyOf(categoryAffinity);
        consentedChannels = Set.copyOf(consentedChannels);
        recommendedSkus = List.copyOf(recommendedSkus);
        if (expectedBasket.isNegative()) {
            throw new IllegalArgumentException("expected basket of " + customerId + " must be >= 0 but was " + expectedBasket);
        }
        if (points < 0 || unresolvedComplaints < 0) {
            throw new IllegalArgumentException("points and complaints of " + customerId + " must be >= 0 but were "
                    + points + " and " + unresolvedComplaints);
        }
        probabilityAlive.ifPresent(p -> {
            if (p.signum() < 0 || p.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException("P(alive) of " + customerId + " must be 0..1 but was " + p);
            }
        });
    }

    /**
     * Facts from RFM alone: no membership, complaints, interests or predictions; consent as given; the
     * expected basket is the average order (monetary over frequency when the metrics hold a total, floored
     * at zero), rounded half-even.
     */
    public static CustomerFacts ofRfm(String segmentId, RfmScore score, RfmMetrics metrics, boolean monetaryIsTotal,
                                      Set<String> consentedChannels, ZoneId zone) {
        Money m = metrics.monetary();
        Money basket = monetaryIsTotal
                ? new Money(m.amount().divide(BigDecimal.valueOf(metrics.frequency()),
                m.currency().getDefaultFractionDigits(), RoundingMode.HALF_EVEN), m.currency())
                : m;
        if (basket.isNegative()) {
            basket = Money.zero(m.currency());
        }
        return new CustomerFacts(metrics.customerId(), segmentId, score, metrics, basket, Optional.empty(), 0, 0,
                Map.of(), consentedChannels, Optional.empty(), Optional.empty(), List.of(), zone);
    }

    /** A copy with membership facts. */
    public CustomerFacts withMembership(Optional<String> tier, long points) {
        return new CustomerFacts(customerId, segmentId, score, metrics, expectedBasket, tier, points,
                unresolvedComplaints, categoryAffinity, consentedChannels, probabilityAlive, lifetimeValue,
                recommendedSkus, zone);
    }

    /** A copy with service and interest facts. */
    public CustomerFacts withService(int unresolvedComplaints, Map<String, BigDecimal> categoryAffinity) {
        return new CustomerFacts(customerId, segmentId, score, metrics, expectedBasket, tier, points,
                unresolvedComplaints, categoryAffinity, consentedChannels, probabilityAlive, lifetimeValue,
                recommendedSkus, zone);
    }

    /** A copy with predictions and recommendations. */
    public CustomerFacts withPredictions(Optional<BigDecimal> probabilityAlive, Optional<Money> lifetimeValue,
                                         List<String> recommendedSkus) {
        return new CustomerFacts(customerId, segmentId, score, metrics, expectedBasket, tier, points,
                unresolvedComplaints, categoryAffinity, consentedChannels, probabilityAlive, lifetimeValue,
                recommendedSkus, zone);
    }
}
