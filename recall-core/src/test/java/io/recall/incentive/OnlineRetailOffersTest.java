package io.recall.incentive;

import io.recall.ingest.ImportOptions;
import io.recall.ingest.InputFormat;
import io.recall.ingest.OrderImporter;
import io.recall.ingest.ProgressListener;
import io.recall.model.Money;
import io.recall.rfm.Binning;
import io.recall.rfm.MonetaryBasis;
import io.recall.rfm.RfmAggregator;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmOptions;
import io.recall.rfm.ScoringModel;
import io.recall.segment.SegmentScheme;
import io.recall.segment.Segmenter;
import io.recall.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed4 win-back rule set run on every real Online Retail customer: each gets a decision with an
 * explanation, each segment gets its kind of offer, and no budget is overrun.
 */
class OnlineRetailOffersTest {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final LocalDate AS_OF = LocalDate.of(2011, 12, 10);
    static RuleSet rules;
    static BudgetLedger ledger;
    static List<Decision> decisions = new ArrayList<>();
    static Map<String, Map<String, Integer>> grantsBySegment = new TreeMap<>();
    static Map<String, Integer> customersBySegment = new TreeMap<>();

    @BeforeAll
    static void decideForEveryCustomer() throws IOException {
        RfmOptions options = RfmOptions.of(Money.currency("GBP")).withZone(LONDON);
        RfmAggregator aggregator = RfmAggregator.create(options);
        OrderImporter.read(SharedData.onlineRetail(), InputFormat.ONLINE_RETAIL, ImportOptions.defaults(),
                OrderImporter.toAggregator(aggregator), ProgressListener.NONE);
        List<RfmMetrics> metrics = aggregator.metrics(AS_OF);
        SegmentScheme seed4 = SegmentScheme.builtIn("seed4");
        Segmenter segmenter = Segmenter.of(ScoringModel.fit(metrics, 2, Binning.QUANTILE, options, AS_OF), seed4);
        rules = RuleSet.fromJson(RuleSetJsonTest.resource("seed4-winback.json"), seed4);
        ledger = BudgetLedger.of(rules);
        IncentiveEngine engine = IncentiveEngine.of(rules, ledger,
                Clock.fixed(Instant.parse("2011-12-10T09:00:00Z"), ZoneOffset.UTC));
        for (RfmMetrics m : metrics) {
            String segment = segmenter.classify(m).id();
            CustomerFacts facts = CustomerFacts.ofRfm(segment, segmenter.model().score(m), m,
                    options.monetaryBasis() == MonetaryBasis.TOTAL, Set.of("email"), LONDON);
            Decision d = engine.decide(facts);
            decisions.add(d);
            customersBySegment.merge(segment, 1, Integer::sum);
            Map<String, Integer> counts = grantsBySegment.computeIfAbsent(segment, k -> new TreeMap<>());
            if (d.isEmpty()) {
                counts.merge("(none)", 1, Integer::sum);
            }
            for (Grant g : d.grants()) {
                counts.merge(g.ruleId(), 1, Integer::sum);
            }
        }
        System.out.println("customers by segment: " + customersBySegment);
        System.out.println("grants by segment: " + grantsBySegment);
        ledger.snapshot().forEach(s -> System.out.println("budget " + s.budget().id() + ": used " + s.used()
                + " (" + (s.reservedCount() + s.committedCount()) + " offers), money left " + s.moneyLeft()
                + ", count left " + s.countLeft()));
    }

    @Test
    void everyCustomerGetsADecisionWithAnExplanationOfEveryRule() {
        assertEquals(4_338, decisions.size());
        for (Decision d : decisions) {
            assertEquals(rules.rules().size(), d.trace().size());
            assertTrue(d.explain().startsWith("customer " + d.customerId()));
            for (RuleTrace t : d.trace()) {
                assertFalse(t.text().isBlank());
                assertEquals(t.outcome() == RuleTrace.Outcome.NOT_MATCHED, t.failure().isPresent());
            }
        }
    }

    @Test
    void noBudgetIsOverrun() {
        for (BudgetState s : ledger.snapshot()) {
            s.moneyLeft().ifPresent(left -> assertFalse(left.isNegative(), s.toString()));
            s.countLeft().ifPresent(left -> assertTrue(left >= 0, s.toString()));
        }
        Money granted = Money.zero(rules.currency());
        for (Decision d : decisions) {
            granted = granted.plus(d.totalValue(rules.currency()));
        }
        assertEquals(granted, ledger.state("total").orElseThrow().used(), "the ledger holds exactly what was granted");
        // The gift's stock of 150 ran out among the important-value customers.
        assertEquals(0, ledger.state("stock:22423").orElseThrow().countLeft().getAsLong());
    }

    @Test
    void eachSegmentGetsItsKindOfOffer() {
        for (Decision d : decisions) {
            for (Grant g : d.grants()) {
                String expectedPrefix = Map.of("important-value", "value-", "important-develop", "develop-",
                        "important-keep", "keep-", "general", "general-", "other", "other-").get(d.segmentId());
                assertTrue(g.ruleId().startsWith(expectedPrefix), d.explain());
            }
        }
        assertTrue(grantsBySegment.get("important-value").getOrDefault("value-vip-service", 0) > 0, grantsBySegment.toString());
        assertTrue(grantsBySegment.get("important-develop").getOrDefault("develop-christmas-week", 0) > 0);
        assertTrue(grantsBySegment.get("important-keep").getOrDefault("keep-bundle", 0) > 0);
        assertTrue(grantsBySegment.get("important-keep").getOrDefault("keep-triple-points", 0) > 0);
        assertTrue(grantsBySegment.get("general").getOrDefault("general-bulk-coupon", 0) > 0);
        // The general segment's count budget of 900 coupons binds: the rest are refused with the reason.
        assertEquals(900, grantsBySegment.get("general").get("general-bulk-coupon"));
        Decision refused = decisions.stream().filter(d -> d.segmentId().equals("general") && d.isEmpty())
                .findFirst().orElseThrow();
        assertTrue(refused.explain().contains("refused: budget general-coupons has no count left (900 of 900 used)"),
                refused.explain());
    }
}
