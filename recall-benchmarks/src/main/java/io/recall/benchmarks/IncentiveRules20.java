package io.recall.benchmarks;

import io.recall.incentive.CustomerFacts;
import io.recall.incentive.Fact;
import io.recall.incentive.IncentiveRule;
import io.recall.incentive.Offer;
import io.recall.incentive.RuleCondition;
import io.recall.incentive.RuleSet;
import io.recall.model.Money;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmScore;
import io.recall.segment.Segment;
import io.recall.segment.SegmentScheme;
import org.jeasy.rules.api.Facts;
import org.jeasy.rules.api.Rules;
import org.jeasy.rules.core.RuleBuilder;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The same 20 incentive rules for Recall's {@link io.recall.incentive.IncentiveEngine} and for Easy Rules:
 * each rule requires one seed4 segment and one or two thresholds on R/F/M scores, recency, frequency, tenure,
 * points or open complaints, and consent to e-mail, and gives a discount, a gift, points or free shipping.
 * Both engines pick the matching rule of highest priority, then of highest value on the customer's expected
 * basket, then the first declared (Recall's {@code best-for-customer} with one offer per decision); the
 * benchmark's setup checks that they agree on every customer.
 */
final class IncentiveRules20 {

    static final Currency GBP = Money.currency("GBP");
    static final SegmentScheme SEED4 = SegmentScheme.builtIn("seed4");

    /** One rule as data: segment, facts with their minimum, priority and offer. */
    record Spec(int index, String id, String segment, Fact fact, int min, Fact fact2, int max2, int priority, Offer offer) {
    }

    final List<Spec> specs = new ArrayList<>();
    final RuleSet recall;
    final Rules easyRules = new Rules();

    IncentiveRules20() {
        List<String> segments = new ArrayList<>();
        for (Segment s : SEED4.segments()) {
            segments.add(s.id());
        }
        Fact[] facts = {Fact.R, Fact.F, Fact.M, Fact.FM, Fact.FREQUENCY, Fact.TENURE_DAYS, Fact.POINTS};
        Offer[] offers = {
                new Offer.PercentOff(new BigDecimal("10")), new Offer.AmountOff(Money.of("5.00", "GBP")),
                new Offer.FreeShipping(), new Offer.PointsMultiplier(new BigDecimal("2")),
                new Offer.GiftWithPurchase("22423", 1_000_000_000L, Money.of("3.00", "GBP")),
                new Offer.PercentOff(new BigDecimal("15")), new Offer.AmountOff(Money.of("12.00", "GBP"))};
        for (int k = 0; k < 20; k++) {
            Fact f = facts[k % facts.length];
            int min = f == Fact.TENURE_DAYS ? 30 * (k % 5) : f == Fact.POINTS ? 50 * (k % 4) : f == Fact.FREQUENCY ? 1 + k % 4 : 1 + k % 3;
            specs.add(new Spec(k, "rule-" + k, segments.get(k % segments.size()), f, min, Fact.UNRESOLVED_COMPLAINTS, k % 2,
                    k % 3, offers[k % offers.length]));
        }
        RuleSet.Builder b = RuleSet.newBuilder("bench-20", GBP, SEED4).zone(ZoneId.of("Europe/London"));
        for (Spec s : specs) {
            List<RuleCondition> when = List.of(RuleCondition.OneOf.segment(s.segment), RuleCondition.Range.atLeast(s.fact, String.valueOf(s.min)),
                    RuleCondition.Range.atMost(s.fact2, String.valueOf(s.max2)), RuleCondition.OneOf.consent("email"));
            b.rule(IncentiveRule.of(s.id, when, s.offer).withPriority(s.priority));
        }
        recall = b.build();
        for (Spec s : specs) {
            easyRules.register(new RuleBuilder().name(s.id).priority(-s.priority)
                    .when(x -> matches(s, x.get("customer")))
                    .then(x -> {
                        List<Object[]> matched = x.get("matched");
                        CustomerFacts c = x.get("customer");
                        matched.add(new Object[] {s, s.offer.value(c.expectedBasket(), recall.valuation())});
                    }).build());
        }
    }

    static boolean matches(Spec s, CustomerFacts c) {
        return s.segment.equals(c.segmentId()) && value(s.fact, c) >= s.min && value(s.fact2, c) <= s.max2
                && c.consentedChannels().contains("email");
    }

    static long value(Fact f, CustomerFacts c) {
        switch (f) {
            case R: return c.score().r();
            case F: return c.score().f();
            case M: return c.score().m();
            case FM: return c.score().fm();
            case FREQUENCY: return c.metrics().frequency();
            case TENURE_DAYS: return c.metrics().tenureDays();
            case POINTS: return c.points();
            case UNRESOLVED_COMPLAINTS: return c.unresolvedComplaints();
            default: throw new IllegalArgumentException(f.toString());
        }
    }

    /** Easy Rules' decision: fire every rule, then the same selection as Recall's (priority, then value). */
    static String decideWithEasyRules(org.jeasy.rules.api.RulesEngine engine, Rules rules, CustomerFacts c) {
        Facts facts = new Facts();
        facts.put("customer", c);
        List<Object[]> matched = new ArrayList<>(4);
        facts.put("matched", matched);
        engine.fire(rules, facts);
        Spec best = null;
        Money bestValue = null;
        for (Object[] m : matched) {
            Spec s = (Spec) m[0];
            Money v = (Money) m[1];
            int byValue = best == null ? 0 : v.compareTo(bestValue);
            // Ties go to the rule declared first, as in Recall.
            if (best == null || s.priority > best.priority || (s.priority == best.priority
                    && (byValue > 0 || (byValue == 0 && s.index < best.index)))) {
                best = s;
                bestValue = v;
            }
        }
        return best == null ? "" : best.id;
    }

    /** Customers with seeded random facts across the seed4 segments. */
    static CustomerFacts[] customers(int n) {
        Random r = new Random(42);
        List<Segment> segments = SEED4.segments();
        CustomerFacts[] out = new CustomerFacts[n];
        for (int i = 0; i < n; i++) {
            String id = "c" + i;
            int recency = r.nextInt(700);
            RfmMetrics m = new RfmMetrics(id, recency, 1 + r.nextInt(12), Money.ofMinor(1000 + r.nextInt(200_000), GBP),
                    recency + r.nextInt(800));
            CustomerFacts f = CustomerFacts.ofRfm(segments.get(r.nextInt(segments.size())).id(),
                    new RfmScore(1 + r.nextInt(5), 1 + r.nextInt(5), 1 + r.nextInt(5)), m, true,
                    r.nextInt(5) == 0 ? Set.of() : Set.of("email"), ZoneId.of("Europe/London"));
            out[i] = f.withMembership(Optional.empty(), r.nextInt(300)).withService(r.nextInt(3), Map.of());
        }
        return out;
    }
}
