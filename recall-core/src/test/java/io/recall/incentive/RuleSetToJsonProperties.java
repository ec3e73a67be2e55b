package io.recall.incentive;

import io.recall.model.Money;
import io.recall.segment.Segment;
import io.recall.segment.SegmentScheme;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code RuleSet.toJson} round-trips exactly: reading it back gives an equal rule set. */
class RuleSetToJsonProperties {

    static final SegmentScheme SEED4 = SegmentScheme.builtIn("seed4");

    @Example
    void theSeed4ExampleRoundTrips() {
        RuleSet rs = RuleSet.fromJson(RuleSetJsonTest.resource("seed4-winback.json"), SEED4);
        String json = rs.toJson();
        assertEquals(rs, RuleSet.fromJson(json, SEED4));
        assertEquals(json, RuleSet.fromJson(json, SEED4).toJson());
    }

    @Property(tries = 300)
    void anyValidRuleSetRoundTrips(@ForAll long seed) {
        RuleSet rs = random(new Random(seed));
        RuleSet back = RuleSet.fromJson(rs.toJson(), SEED4);
        assertEquals(rs, back, rs.toJson());
        assertEquals(rs.hashCode(), back.hashCode());
    }

    @Example
    void conditionsJsonCannotHoldAreRefusedByName() {
        RuleSet rs = RuleSet.newBuilder("t", Money.currency("GBP"), SEED4)
                .rule(IncentiveRule.of("twice", List.of(RuleCondition.Range.atLeast(Fact.R, "2"), RuleCondition.Range.atMost(Fact.R, "4")),
                        new Offer.FreeShipping())).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, rs::toJson);
        assertTrue(e.getMessage().contains("rule twice has a second condition r"), e.getMessage());
    }

    static RuleSet random(Random r) {
        Currency gbp = Money.currency("GBP");
        List<String> segments = new ArrayList<>();
        for (Segment s : SEED4.segments()) {
            segments.add(s.id());
        }
        RuleSet.Builder b = RuleSet.newBuilder("set-" + r.nextInt(1000), gbp, SEED4)
                .zone(pick(r, List.of(ZoneId.of("UTC"), ZoneId.of("Europe/London"), ZoneId.of("Asia/Tokyo"))))
                .selection(pick(r, List.of(SelectionStrategy.values())), 1 + r.nextInt(16), dec(r, 0, 100, 2).movePointLeft(2))
                .perCustomerLimit(1 + r.nextInt(1000))
                .valuation(new Valuation(Money.of(dec(r, 0, 99, 3).movePointLeft(2), gbp), money(r, 0, 999)));
        int n = 1 + r.nextInt(8);
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            String id = "rule-" + k;
            ids.add(id);
            List<RuleCondition> when = new ArrayList<>();
            List<Fact> facts = new ArrayList<>(List.of(Fact.values()));
            java.util.Collections.shuffle(facts, r);
            Offer offer = offer(r, gbp, k);
            if (offer instanceof Offer.PointsForGift p) {
                when.add(new RuleCondition.Range(Fact.POINTS, Optional.empty(), Optional.of(BigDecimal.valueOf(p.points() + r.nextInt(5))),
                        Optional.empty()));
                facts.remove(Fact.POINTS);
            }
            for (Fact f : facts.subList(0, r.nextInt(4))) {
                if (f == Fact.CATEGORY_AFFINITY) {
                    when.add(RuleCondition.Range.affinityAtLeast("cat-a", "0.2"));
                    when.add(new RuleCondition.Range(f, Optional.of("cat-b"), Optional.empty(), Optional.of(new BigDecimal("0.90"))));
                } else {
                    BigDecimal lo = f == Fact.P_ALIVE ? dec(r, 0, 0, 2) : dec(r, 0, 5, r.nextInt(3));
                    BigDecimal hi = lo.add(dec(r, 0, 100, 2));
                    when.add(new RuleCondition.Range(f, Optional.empty(), r.nextBoolean() ? Optional.of(lo) : Optional.empty(),
                            f == Fact.P_ALIVE ? Optional.of(BigDecimal.ONE) : Optional.of(hi)));
                }
            }
            if (r.nextBoolean()) {
                when.add(RuleCondition.OneOf.segment(segments.get(r.nextInt(segments.size()))));
            }
            if (r.nextInt(4) == 0) {
                when.add(RuleCondition.OneOf.tier("silver", "gold"));
            }
            if (r.nextInt(4) == 0) {
                when.add(RuleCondition.OneOf.consent("email"));
            }
            if (r.nextInt(3) == 0) {
                LocalDateTime from = LocalDateTime.of(2024, 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24), r.nextInt(60));
                when.add(new RuleCondition.Window(from, from.plusHours(1 + r.nextInt(500)),
                        r.nextBoolean() ? Optional.empty() : Optional.of(ZoneId.of("America/New_York"))));
            }
            OfferTerms terms = new OfferTerms(r.nextBoolean() ? Optional.of(money(r, 0, 5000)) : Optional.empty(),
                    r.nextBoolean() ? Optional.of(money(r, 0, 9000)) : Optional.empty(),
                    r.nextBoolean() ? Set.of("home", "garden") : Set.of(), r.nextBoolean() ? Set.of("sku-1") : Set.of(),
                    1 + r.nextInt(366));
            // One rule per priority, so exclusive groups never tie.
            b.rule(new IncentiveRule(id, k * 10 - 20, r.nextBoolean() ? Optional.of("group-" + r.nextInt(2)) : Optional.empty(),
                    r.nextBoolean(), r.nextBoolean(), dec(r, 0, 100, 2).movePointLeft(2), when, offer, terms));
        }
        int budgets = r.nextInt(4);
        for (int j = 0; j < budgets; j++) {
            b.budget(new Budget("budget-" + j, r.nextBoolean() ? Optional.of(segments.get(r.nextInt(segments.size()))) : Optional.empty(),
                    r.nextBoolean() ? Set.of(ids.get(r.nextInt(ids.size()))) : Set.of(),
                    r.nextBoolean() ? Optional.of(money(r, 0, 1_000_000)) : Optional.empty(), OptionalLong.of(r.nextInt(10_000)),
                    r.nextBoolean() ? Optional.of(pick(r, List.of(BudgetPeriod.values()))) : Optional.empty(), r.nextBoolean()));
        }
        return b.build();
    }

    static Offer offer(Random r, Currency gbp, int k) {
        switch (r.nextInt(10)) {
            case 0: return new Offer.PercentOff(dec(r, 1, 100, r.nextInt(3)));
            case 1: return new Offer.AmountOff(money(r, 1, 5000));
            case 2: {
                Money spend = money(r, 1000, 5000);
                Money save = money(r, 1, 999);
                // The second tier saves at most what it adds to the spend, so its saving stays below its spend
                // (save + 9.99 could reach spend + 0.01, which Tier refuses; some seeds drew that).
                int morePence = 1 + r.nextInt(5000);
                return new Offer.SpendAndSave(List.of(new Offer.SpendAndSave.Tier(spend, save),
                        new Offer.SpendAndSave.Tier(spend.plus(Money.ofMinor(morePence, gbp)),
                                save.plus(money(r, 0, Math.min(999, morePence))))));
            }
            case 3: return new Offer.FreeShipping();
            case 4: return new Offer.GiftWithPurchase("gift-" + k, 1 + r.nextInt(500), money(r, 0, 999));
            case 5: return new Offer.PointsMultiplier(BigDecimal.ONE.add(dec(r, 1, 400, r.nextInt(3))));
            case 6: return new Offer.PointsForGift(1 + r.nextInt(5000), "sku-" + k, money(r, 0, 999));
            case 7: {
                Set<Offer.Benefit> benefits = EnumSet.noneOf(Offer.Benefit.class);
                for (Offer.Benefit x : Offer.Benefit.values()) {
                    if (r.nextBoolean()) {
                        benefits.add(x);
                    }
                }
                Optional<String> upgrade = benefits.isEmpty() || r.nextBoolean() ? Optional.of("gold") : Optional.empty();
                return new Offer.MemberBenefits(upgrade, benefits, money(r, 0, 999));
            }
            case 8: return r.nextBoolean() ? new Offer.ProductOffer(List.of(), true, dec(r, 1, 100, 1))
                    : new Offer.ProductOffer(List.of("sku-9", "sku-3"), false, dec(r, 1, 100, 0));
            default: return new Offer.ServiceFlag(r.nextBoolean() ? EnumSet.of(Offer.Service.ENGRAVING)
                    : EnumSet.allOf(Offer.Service.class), money(r, 0, 999));
        }
    }

    /** A decimal from lo to hi with the scale given (trailing zeros kept, as JSON strings keep them). */
    static BigDecimal dec(Random r, int lo, int hi, int scale) {
        BigDecimal v = BigDecimal.valueOf(lo + (long) r.nextInt(hi - lo + 1));
        BigDecimal frac = BigDecimal.valueOf(r.nextInt((int) Math.pow(10, scale)), scale);
        BigDecimal out = v.add(frac);
        return out.compareTo(BigDecimal.valueOf(hi)) > 0 ? BigDecimal.valueOf(hi).setScale(scale) : out;
    }

    static Money money(Random r, int loPence, int hiPence) {
        return Money.ofMinor(loPence + r.nextInt(hiPence - loPence + 1), Money.currency("GBP"));
    }

    static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }
}
