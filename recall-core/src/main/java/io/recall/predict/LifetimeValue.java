package io.recall.predict;

import io.recall.model.Money;

import java.util.Objects;

/**
 * Customer lifetime value over a horizon: a purchase model's expected purchases per discount period, the
 * Gamma-Gamma model's expected spend per purchase, the margin, discounted. Money enters and leaves as
 * {@link Money}; the model arithmetic in between is in doubles and is rounded once, with the terms'
 * {@link java.math.RoundingMode}. Stateless and thread-safe.
 *
 * <p>CLV = margin · E[M | x, z̄] · Σ_k (E[X(T, T + t_k)] − E[X(T, T + t_(k−1))]) / (1 + d)^(t_k / period),
 * where t_k = min(k · period, horizon): the usual discrete discounting (lifetimes' {@code
 * customer_lifetime_value}), with a last, shorter period discounted by its fraction.
 */
public final class LifetimeValue {

    private LifetimeValue() {
    }

    /**
     * The customer's lifetime value in the spend model's currency.
     *
     * @throws IllegalArgumentException when the customer has repeat purchases but no mean spend, or the
     *                                  horizon does not convert to the purchase model's unit
     * @throws io.recall.model.CurrencyMismatchException when the spend is in another currency
     */
    public static Money of(PurchaseModel purchases, GammaGammaModel spend, BtydSummary customer, ClvTerms terms) {
        Objects.requireNonNull(purchases, "purchases");
        Objects.requireNonNull(spend, "spend");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(terms, "terms");
        double perPurchase = spend.expectedMeanSpend(customer.repeatPurchases(), customer.meanRepeatSpend()
                .map(m -> {
                    if (!m.currency().equals(spend.currency())) {
                        throw new io.recall.model.CurrencyMismatchException(spend.currency(), m.currency());
                    }
                    return m.amount().doubleValue();
                }).orElseGet(() -> {
                    if (customer.repeatPurchases() > 0) {
                        throw new IllegalArgumentException("customer " + customer.customerId() + " has "
                                + customer.repeatPurchases() + " repeat purchases but no mean repeat spend");
                    }
                    return 0.0;
                }));
        BtydSummary s = customer.in(purchases.unit());
        double purchasesNow = discountedPurchases(purchases, s.repeatPurchases(), s.timeOfLastPurchase(), s.ageAtEnd(),
                terms);
        return spend.money(terms.margin().doubleValue() * perPurchase * purchasesNow, terms.rounding());
    }

    /**
     * The discounted expected purchases over the terms' horizon (the CLV before spend and margin), in
     * purchases; x, t_x and T in the model's unit.
     */
    public static double discountedPurchases(PurchaseModel model, int repeatPurchases, double timeOfLastPurchase,
                                             double ageAtEnd, ClvTerms terms) {
        PeriodUnit unit = model.unit();
        double horizon = terms.horizon().lengthIn(unit);
        double period = terms.discountPeriod().lengthIn(unit);
        double rate = Math.log1p(terms.discountRate().doubleValue());
        double total = 0;
        double previousEnd = 0;
        double previousExpected = 0;
        for (int k = 1; previousEnd < horizon; k++) {
            double end = Math.min(k * period, horizon);
            double expected = model.expectedPurchases(new Horizon(end, unit), repeatPurchases, timeOfLastPurchase, ageAtEnd);
            total += Math.max(0, expected - previousExpected) * Math.exp(-rate * end / period);
            previousEnd = end;
            previousExpected = expected;
        }
        return total;
    }
}
