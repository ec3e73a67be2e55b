package io.recall.incentive;

import io.recall.model.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a rule gives: a discount, a gift, points, member benefits, a product offer or a service. Each offer
 * has a value in money, which is what selection compares and what budgets reserve: for discounts the
 * discount on the customer's expected basket, for everything else what it costs the shop as the rule set
 * declares it.
 */
public sealed interface Offer permits Offer.PercentOff, Offer.AmountOff, Offer.SpendAndSave, Offer.FreeShipping,
        Offer.GiftWithPurchase, Offer.PointsMultiplier, Offer.PointsForGift, Offer.MemberBenefits,
        Offer.ProductOffer, Offer.ServiceFlag {

    /** The offer's type name in JSON, e.g. {@code percent-off}. */
    String type();

    /** The value against an expected basket, before the rule's cap; in whole minor units, at least zero. */
    Money value(Money basket, Valuation valuation);

    /** Every amount of money in the offer (for currency checks). */
    List<Money> amounts();

    /** A short description for people, e.g. {@code 10% off}. */
    String describe();

    /**
     * Percent off the order.
     *
     * @param percent more than 0, at most 100
     */
    record PercentOff(BigDecimal percent) implements Offer {
        /** Validates the range. */
        public PercentOff {
            Objects.requireNonNull(percent, "percent");
            if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw new IllegalArgumentException("percent must be more than 0 and at most 100 but was " + percent.toPlainString());
            }
        }

        @Override public String type() { return "percent-off"; }
        @Override public Money value(Money basket, Valuation v) { return MoneyMath.percentOf(basket, percent, RoundingMode.HALF_EVEN); }
        @Override public List<Money> amounts() { return List.of(); }
        @Override public String describe() { return percent.stripTrailingZeros().toPlainString() + "% off"; }
    }

    /**
     * A fixed amount off the order (never more than the order).
     *
     * @param amount more than zero
     */
    record AmountOff(Money amount) implements Offer {
        /** Validates the amount. */
        public AmountOff {
            Valuation.requirePositive(amount, "amount");
            Valuation.requireWholeMinor(amount, "amount");
        }

        @Override public String type() { return "amount-off"; }
        /** The amount, capped at the basket: 15.00 off a 10.00 basket is worth (and reserves) 10.00. */
        @Override public Money value(Money basket, Valuation v) {
            return MoneyMath.capAtPrice(basket.rounded(RoundingMode.DOWN), amount.rounded(RoundingMode.HALF_EVEN));
        }
        @Override public List<Money> amounts() { return List.of(amount); }
        @Override public String describe() { return amount + " off"; }
    }

    /**
     * Spend X, save Y, in tiers: the highest tier whose spend the order reaches applies.
     *
     * @param tiers at least one, spends strictly rising, savings rising and each below its spend
     */
    record SpendAndSave(List<Tier> tiers) implements Offer {
        /** Validates and copies. */
        public SpendAndSave {
            tiers = List.copyOf(tiers);
            if (tiers.isEmpty()) {
                throw new IllegalArgumentException("spend-and-save needs at least one tier");
            }
            for (int i = 1; i < tiers.size(); i++) {
                if (tiers.get(i).spend().compareTo(tiers.get(i - 1).spend()) <= 0
                        || tiers.get(i).save().compareTo(tiers.get(i - 1).save()) < 0) {
                    throw new IllegalArgumentException("spend-and-save tier " + i + " must spend more and save at least as much as tier " + (i - 1));
                }
            }
        }

        /** The tier an order of this amount reaches, if any. */
        public java.util.Optional<Tier> tierFor(Money order) {
            Tier best = null;
            for (Tier t : tiers) {
                if (order.compareTo(t.spend()) >= 0) {
                    best = t;
                }
            }
            return java.util.Optional.ofNullable(best);
        }

        /**
         * Valued at the saving of the tier the basket reaches; zero when it reaches none, since then the customer
         * saves nothing on the expected basket and nothing should be reserved from budgets (the first tier's
         * saving is only what a bigger order would get).
         */
        @Override public Money value(Money basket, Valuation v) {
            return tierFor(basket).map(Tier::save).orElse(Money.zero(tiers.get(0).save().currency()));
        }
        @Override public String type() { return "spend-and-save"; }
        @Override public List<Money> amounts() {
            List<Money> all = new java.util.ArrayList<>();
            tiers.forEach(t -> { all.add(t.spend()); all.add(t.save()); });
            return all;
        }
        @Override public String describe() {
            StringBuilder s = new StringBuilder();
            for (Tier t : tiers) {
                s.append(s.length() == 0 ? "" : ", ").append("spend ").append(t.spend()).append(" save ").append(t.save());
            }
            return s.toString();
        }

        /**
         * One tier.
         *
         * @param spend the order amount that reaches it
         * @param save  what it takes off; more than zero, less than the spend
         */
        public record Tier(Money spend, Money save) {
            /** Validates. */
            public Tier {
                Valuation.requirePositive(spend, "spend");
                Valuation.requirePositive(save, "save");
                Valuation.requireWholeMinor(spend, "spend");
                Valuation.requireWholeMinor(save, "save");
                if (save.compareTo(spend) >= 0) {
                    throw new IllegalArgumentException("a tier saving " + save + " on " + spend + " would make the order free");
                }
            }
        }
    }

    /** Free shipping, valued at the rule set's shipping cost. */
    record FreeShipping() implements Offer {
        @Override public String type() { return "free-shipping"; }
        @Override public Money value(Money basket, Valuation v) { return v.shipping(); }
        @Override public List<Money> amounts() { return List.of(); }
        @Override public String describe() { return "free shipping"; }
    }

    /**
     * A gift with the next purchase, while stock lasts (stock is a count budget of its own).
     *
     * @param sku   the gift's SKU
     * @param stock how many there are, at least 1
     * @param cost  what one costs the shop
     */
    record GiftWithPurchase(String sku, long stock, Money cost) implements Offer {
        /** Validates. */
        public GiftWithPurchase {
            Valuation.requireSku(sku);
            if (stock < 1) {
                throw new IllegalArgumentException("gift " + sku + " stock must be >= 1 but was " + stock);
            }
            Valuation.requireNonNegative(cost, "cost");
            Valuation.requireWholeMinor(cost, "cost");
        }

        @Override public String type() { return "gift-with-purchase"; }
        @Override public Money value(Money basket, Valuation v) { return cost; }
        @Override public List<Money> amounts() { return List.of(cost); }
        @Override public String describe() { return "gift " + sku; }
    }

    /**
     * Points earned at a multiple of the usual rate (one point per whole currency unit spent).
     *
     * @param factor more than 1
     */
    record PointsMultiplier(BigDecimal factor) implements Offer {
        /** Validates. */
        public PointsMultiplier {
            Objects.requireNonNull(factor, "factor");
            if (factor.compareTo(BigDecimal.ONE) <= 0) {
                throw new IllegalArgumentException("points multiplier must be more than 1 but was " + factor.toPlainString());
            }
        }

        /** The extra points' worth on the basket: basket x (factor - 1) x point value, rounded half-even. */
        @Override public Money value(Money basket, Valuation v) {
            return new Money(basket.amount().multiply(factor.subtract(BigDecimal.ONE)).multiply(v.pointValue().amount()),
                    basket.currency()).rounded(RoundingMode.HALF_EVEN);
        }
        @Override public String type() { return "points-multiplier"; }
        @Override public List<Money> amounts() { return List.of(); }
        @Override public String describe() { return factor.stripTrailingZeros().toPlainString() + "x points"; }
    }

    /**
     * A gift in exchange for points; the rule must require at least that many points.
     *
     * @param points the points given up, at least 1
     * @param sku    the gift
     * @param cost   what the gift costs the shop
     */
    record PointsForGift(long points, String sku, Money cost) implements Offer {
        /** Validates. */
        public PointsForGift {
            Valuation.requireSku(sku);
            if (points < 1) {
                throw new IllegalArgumentException("points for gift " + sku + " must be >= 1 but was " + points);
            }
            Valuation.requireNonNegative(cost, "cost");
            Valuation.requireWholeMinor(cost, "cost");
        }

        @Override public String type() { return "points-for-gift"; }
        @Override public Money value(Money basket, Valuation v) { return cost; }
        @Override public List<Money> amounts() { return List.of(cost); }
        @Override public String describe() { return points + " points for " + sku; }
    }

    /** A member benefit. */
    enum Benefit {
        /** Early or priority access to sales and launches. */
        PRIORITY_ACCESS,
        /** A longer return window. */
        LONGER_RETURN_WINDOW,
        /** A dedicated customer-service line. */
        DEDICATED_SERVICE_LINE;

        /** The JSON name, e.g. {@code priority-access}. */
        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * A tier upgrade and/or member benefits.
     *
     * @param upgradeTo the tier to move the member to, if any
     * @param benefits  the benefits granted
     * @param cost      what the package costs the shop
     */
    record MemberBenefits(java.util.Optional<String> upgradeTo, Set<Benefit> benefits, Money cost) implements Offer {
        /** Validates and copies. */
        public MemberBenefits {
            Objects.requireNonNull(upgradeTo, "upgradeTo");
            benefits = benefits.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(benefits));
            if (upgradeTo.isEmpty() && benefits.isEmpty()) {
                throw new IllegalArgumentException("member benefits need an upgrade or at least one benefit");
            }
            Valuation.requireNonNegative(cost, "cost");
            Valuation.requireWholeMinor(cost, "cost");
        }

        @Override public String type() { return "member-benefits"; }
        @Override public Money value(Money basket, Valuation v) { return cost; }
        @Override public List<Money> amounts() { return List.of(cost); }
        @Override public String describe() {
            StringBuilder s = new StringBuilder();
            upgradeTo.ifPresent(t -> s.append("upgrade to ").append(t));
            for (Benefit b : benefits) {
                s.append(s.length() == 0 ? "" : ", ").append(b.jsonName());
            }
            return s.toString();
        }
    }

    /**
     * Percent off named products: the SKUs given, or the customer's recommendations (then a customer without
     * recommendations does not match).
     *
     * @param skus                the products; empty when from recommendations
     * @param fromRecommendations take the customer's recommended SKUs
     * @param percent             more than 0, at most 100
     */
    record ProductOffer(List<String> skus, boolean fromRecommendations, BigDecimal percent) implements Offer {
        /** Validates and copies. */
        public ProductOffer {
            skus = List.copyOf(skus);
            skus.forEach(Valuation::requireSku);
            if (skus.isEmpty() != fromRecommendations) {
                throw new IllegalArgumentException("a product offer names SKUs or takes recommendations, exactly one of them");
            }
            new PercentOff(percent);
        }

        @Override public String type() { return "product-offer"; }
        @Override public Money value(Money basket, Valuation v) { return MoneyMath.percentOf(basket, percent, RoundingMode.HALF_EVEN); }
        @Override public List<Money> amounts() { return List.of(); }
        @Override public String describe() {
            return percent.stripTrailingZeros().toPlainString() + "% off " + (fromRecommendations ? "recommended products" : skus);
        }
    }

    /** A custom service. */
    enum Service {
        /** Engraving. */
        ENGRAVING,
        /** Gift wrapping. */
        GIFT_WRAP;

        /** The JSON name, e.g. {@code gift-wrap}. */
        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Custom services for free.
     *
     * @param services at least one
     * @param cost     what they cost the shop
     */
    record ServiceFlag(Set<Service> services, Money cost) implements Offer {
        /** Validates and copies. */
        public ServiceFlag {
            if (services.isEmpty()) {
                throw new IllegalArgumentException("a service offer needs at least one service");
            }
            services = java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(services));
            Valuation.requireNonNegative(cost, "cost");
            Valuation.requireWholeMinor(cost, "cost");
        }

        @Override public String type() { return "service"; }
        @Override public Money value(Money basket, Valuation v) { return cost; }
        @Override public List<Money> amounts() { return List.of(cost); }
        @Override public String describe() {
            TreeSet<String> names = new TreeSet<>();
            services.forEach(s -> names.add(s.jsonName()));
            return "free " + String.join(", ", names);
        }
    }
}
