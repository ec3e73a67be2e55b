package io.recall.measure;

import io.recall.model.Money;

import java.util.Objects;
import java.util.Optional;

/**
 * The measurement of one group of customers: the whole campaign, one segment, or one channel.
 *
 * @param dimension          {@code campaign}, {@code segment} or {@code channel}
 * @param key                the campaign id, segment id or channel id
 * @param treated            the treated arm
 * @param holdout            the held-out arm
 * @param uplift             treated rate minus holdout rate, with Newcombe's hybrid score interval; empty when
 *                           an arm is empty
 * @param incrementalRevenue (treated revenue per customer - holdout revenue per customer) x treated customers,
 *                           with a Welch (normal) interval; empty when an arm is empty
 * @param incentiveCost      the cost of the incentives the treated redeemed in their window (exact)
 * @param roi                (incremental revenue - incentive cost) / incentive cost, with the bounds of the
 *                           revenue interval carried through; empty when nothing was redeemed or an arm is empty
 */
public record CellResult(String dimension, String key, ArmResult treated, ArmResult holdout, Optional<Interval> uplift,
                         Optional<MoneyInterval> incrementalRevenue, Money incentiveCost,
                         Optional<Interval> roi) {

    /** Validates that nothing is missing. */
    public CellResult {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(treated, "treated");
        Objects.requireNonNull(holdout, "holdout");
        Objects.requireNonNull(uplift, "uplift");
        Objects.requireNonNull(incrementalRevenue, "incrementalRevenue");
        Objects.requireNonNull(incentiveCost, "incentiveCost");
        Objects.requireNonNull(roi, "roi");
    }

    /** Whether the uplift interval lies wholly above zero. */
    public boolean upliftIsSignificant() {
        return uplift.map(u -> u.low() > 0).orElse(false);
    }

}
