package io.recall.incentive;

import io.recall.config.ConfigException;
import io.recall.config.ConfigProblem;
import io.recall.model.Money;
import io.recall.segment.SegmentScheme;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rule sets load from JSON with every problem reported at its JSON path. */
class RuleSetJsonTest {

    static final SegmentScheme SEED4 = SegmentScheme.builtIn("seed4");

    static String resource(String name) {
        try (InputStream in = RuleSetJsonTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String minimal(String rules) {
        return "{\"name\": \"t\", \"currency\": \"GBP\", \"rules\": [" + rules + "]}";
    }

    static List<String> problems(String json) {
        ConfigException e = assertThrows(ConfigException.class, () -> RuleSet.fromJson(json, SEED4));
        return e.problems().stream().map(ConfigProblem::message).collect(Collectors.toList());
    }

    static void assertProblem(List<String> problems, String startsWith) {
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(startsWith)), "no problem starting '" + startsWith + "' in " + problems);
    }

    @Test
    void theSeed4ExampleLoads() {
        RuleSet rules = RuleSet.fromJson(resource("seed4-winback.json"), SEED4);
        assertEquals(9, rules.rules().size());
        assertEquals(SelectionStrategy.BEST_FOR_CUSTOMER, rules.strategy());
        assertEquals(2, rules.maxOffers());
        assertEquals(Money.of("4.95", "GBP"), rules.valuation().shipping());
        assertTrue(rules.budgetsWithStock().stream().anyMatch(b -> b.id().equals("stock:22423") && b.count().getAsLong() == 150));
        Offer.MemberBenefits vip = (Offer.MemberBenefits) rules.rules().get(0).offer();
        assertEquals(Optional.of("gold"), vip.upgradeTo());
        assertEquals(3, vip.benefits().size());
    }

    @Test
    void pointsForGiftAndCampaignTimeWindowsLoadAndDecide() {
        RuleSet rules = RuleSet.fromJson("{\"name\": \"p\", \"currency\": \"GBP\", \"zone\": \"Asia/Tokyo\", \"rules\": ["
                + "{\"id\": \"mug\", \"when\": {\"points\": {\"min\": 500}, \"tier\": [\"silver\", \"gold\"],"
                + " \"validity\": {\"from\": \"2012-01-01T00:00\", \"until\": \"2012-01-08T00:00\", \"zone\": \"campaign\"}},"
                + " \"offer\": {\"type\": \"points-for-gift\", \"points\": 500, \"sku\": \"MUG-1\", \"cost\": \"2.40 GBP\"}}]}", SEED4);
        RuleCondition.Window window = (RuleCondition.Window) rules.rules().get(0).conditions().get(2);
        assertEquals(Optional.of(java.time.ZoneId.of("Asia/Tokyo")), window.zone());
        // 2011-12-31T15:00Z is 1 January in Tokyo: open for a London customer too, since the window is the campaign's.
        IncentiveEngine engine = IncentiveEngine.of(rules, BudgetLedger.of(rules),
                java.time.Clock.fixed(java.time.Instant.parse("2011-12-31T15:00:00Z"), java.time.ZoneOffset.UTC));
        CustomerFacts member = Facts.of("c1", "general", 1, 1, 1, "10").withMembership(Optional.of("gold"), 800);
        Decision d = engine.decide(member);
        assertEquals(Money.of("2.40", "GBP"), d.grants().get(0).value());
        assertEquals("points was 100, expected >= 500", engine.decide(Facts.of("c2", "general", 1, 1, 1, "10")
                .withMembership(Optional.of("gold"), 100)).trace().get(0).failure().get().text());
    }

    @Nested
    class BadConfigs {
        @Test
        void unknownSegment() {
            assertProblem(problems(minimal("{\"id\": \"a\", \"when\": {\"segment\": [\"vip\"]}, \"offer\": {\"type\": \"free-shipping\"}}")),
                    "$.rules[0].when.segment: expected segments of the scheme [general, important-develop, important-keep, important-value, other], found unknown segment \"vip\"");
            assertProblem(problems("{\"name\": \"t\", \"currency\": \"GBP\", \"budgets\": [{\"id\": \"b\", \"segment\": \"vip\", \"count\": 1}], \"rules\": []}"),
                    "$.budgets[0].segment: expected a segment of the scheme");
        }

        @Test
        void subMinorUnitAmountsAreRejectedAtLoadInsteadOfFailingDecide() {
            List<String> p = problems("{\"name\": \"t\", \"currency\": \"GBP\","
                    + " \"valuation\": {\"pointValue\": \"0.005 GBP\", \"shipping\": \"3.999 GBP\"},"
                    + " \"budgets\": [{\"id\": \"b\", \"money\": \"100.001 GBP\"}], \"rules\": ["
                    + "{\"id\": \"a\", \"offer\": {\"type\": \"spend-and-save\", \"tiers\": [{\"spend\": \"20 GBP\", \"save\": \"1.005 GBP\"}]}},"
                    + "{\"id\": \"b\", \"offer\": {\"type\": \"gift-with-purchase\", \"sku\": \"G1\", \"stock\": 5, \"cost\": {\"amount\": \"2.501\", \"currency\": \"GBP\"}}},"
                    + "{\"id\": \"c\", \"offer\": {\"type\": \"amount-off\", \"amount\": \"5.0001 GBP\"}, \"terms\": {\"maxDiscount\": \"4.005 GBP\"}}]}");
            assertProblem(p, "$.valuation.shipping: expected an amount in whole minor units of GBP (2 decimals), found 3.999 GBP");
            assertProblem(p, "$.budgets[0].money: expected an amount in whole minor units of GBP");
            assertProblem(p, "$.rules[0].offer.tiers[0].save: expected an amount in whole minor units of GBP (2 decimals), found 1.005 GBP");
            assertProblem(p, "$.rules[1].offer.cost: expected an amount in whole minor units of GBP");
            assertProblem(p, "$.rules[2].offer.amount: expected an amount in whole minor units of GBP");
            assertProblem(p, "$.rules[2].terms.maxDiscount: expected an amount in whole minor units of GBP");
            assertFalse(p.stream().anyMatch(x -> x.startsWith("$.valuation.pointValue")), p.toString());
        }

        @Test
        void aPointValueBelowTheMinorUnitLoadsAndDecides() {
            RuleSet rules = RuleSet.fromJson("{\"name\": \"t\", \"currency\": \"GBP\","
                    + " \"valuation\": {\"pointValue\": \"0.005 GBP\", \"shipping\": \"3.99 GBP\"}, \"rules\": ["
                    + "{\"id\": \"a\", \"offer\": {\"type\": \"points-multiplier\", \"factor\": 2}}]}", SEED4);
            Decision d = IncentiveEngine.of(rules, BudgetLedger.of(rules), java.time.Clock.systemUTC())
                    .decide(Facts.of("c1", "general", 1, 1, 1, "101.00"));
            assertEquals(Money.of("0.50", "GBP"), d.grants().get(0).value());
        }

        @Test
        void negativeAmount() {
            assertProblem(problems(minimal("{\"id\": \"a\", \"offer\": {\"type\": \"amount-off\", \"amount\": \"-5.00 GBP\"}}")),
                    "$.rules[0].offer.amount: expected an amount > 0, found -5.00 GBP");
            assertProblem(problems("{\"name\": \"t\", \"currency\": \"GBP\", \"budgets\": [{\"id\": \"b\", \"money\": \"-1 GBP\"}], \"rules\": []}"),
                    "$.budgets[0].money: expected an amount >= 0, found -1.00 GBP");
            assertProblem(problems(minimal("{\"id\": \"a\", \"when\": {\"r\": {\"min\": -1}}, \"offer\": {\"type\": \"free-shipping\"}}")),
                    "$.rules[0].when.r.min: expected a number >= 0, found -1");
        }

        @Test
        void offerWithNoCurrency() {
            assertProblem(problems(minimal("{\"id\": \"a\", \"offer\": {\"type\": \"amount-off\", \"amount\": \"5.00\"}}")),
                    "$.rules[0].offer.amount: expected an amount with its currency, such as \"5.00 GBP\", found string \"5.00\" (no currency)");
            assertProblem(problems(minimal("{\"id\": \"a\", \"offer\": {\"type\": \"amount-off\", \"amount\": 5}}")),
                    "$.rules[0].offer.amount: expected an amount with its currency");
            assertProblem(problems(minimal("{\"id\": \"a\", \"offer\": {\"type\": \"service\", \"services\": [\"engraving\"], \"cost\": {\"amount\": \"2\"}}}")),
                    "$.rules[0].offer.cost.currency: expected an ISO 4217 currency code");
        }

        @Test
        void amountInAnotherCurrency() {
            assertProblem(problems(minimal("{\"id\": \"a\", \"offer\": {\"type\": \"amount-off\", \"amount\": \"5.00 EUR\"}}")),
                    "$.rules[0].offer: expected an amount in the rule set's currency GBP, found 5.00 EUR");
        }

        @Test
        void overlappingExclusiveRules() {
            List<String> p = problems(minimal(
                    "{\"id\": \"a\", \"exclusiveGroup\": \"g\", \"when\": {\"segment\": [\"general\", \"other\"]}, \"offer\": {\"type\": \"free-shipping\"}},"
                    + "{\"id\": \"b\", \"exclusiveGroup\": \"g\", \"when\": {\"segment\": \"other\"}, \"offer\": {\"type\": \"percent-off\", \"percent\": 5}}"));
            assertProblem(p, "$.rules[1].exclusiveGroup: expected a priority different from rule \"a\" ($.rules[0]) in exclusive group \"g\", or segments that do not overlap, found priority 0 for both, both can match segment [other]");
        }

        @Test
        void exclusiveRulesWithDisjointSegmentsOrWindowsOrPrioritiesAreFine() {
            RuleSet.fromJson(minimal(
                    "{\"id\": \"a\", \"exclusiveGroup\": \"g\", \"when\": {\"segment\": \"general\"}, \"offer\": {\"type\": \"free-shipping\"}},"
                    + "{\"id\": \"b\", \"exclusiveGroup\": \"g\", \"when\": {\"segment\": \"other\"}, \"offer\": {\"type\": \"free-shipping\"}},"
                    + "{\"id\": \"c\", \"exclusiveGroup\": \"g\", \"priority\": 5, \"offer\": {\"type\": \"free-shipping\"}},"
                    + "{\"id\": \"d\", \"exclusiveGroup\": \"h\", \"when\": {\"validity\": {\"from\": \"2024-01-01T00:00\", \"until\": \"2024-02-01T00:00\", \"zone\": \"UTC\"}}, \"offer\": {\"type\": \"free-shipping\"}},"
                    + "{\"id\": \"e\", \"exclusiveGroup\": \"h\", \"when\": {\"validity\": {\"from\": \"2024-02-01T00:00\", \"until\": \"2024-03-01T00:00\", \"zone\": \"UTC\"}}, \"offer\": {\"type\": \"free-shipping\"}}"), SEED4);
        }

        @Test
        void unknownFieldsConditionsAndOfferTypes() {
            List<String> p = problems("{\"name\": \"t\", \"currency\": \"GBP\", \"colour\": 1, \"rules\": ["
                    + "{\"id\": \"a\", \"prio\": 3, \"when\": {\"age\": {\"min\": 3}}, \"offer\": {\"type\": \"percent-off\", \"percent\": 5, \"upto\": 1}},"
                    + "{\"id\": \"b\", \"offer\": {\"type\": \"bogof\"}}]}");
            assertProblem(p, "$.colour: expected one of [budgets, currency, description, name, perCustomerLimit, rules, selection, valuation, zone], found unknown field 'colour'");
            assertProblem(p, "$.rules[0].prio: expected one of");
            assertProblem(p, "$.rules[0].when.age: expected one of");
            assertProblem(p, "$.rules[0].offer.upto: expected one of [percent, type]");
            assertProblem(p, "$.rules[1].offer.type: expected one of");
            assertEquals(5, p.size(), p.toString());
        }

        @Test
        void everythingElseKnowableAtLoadTime() {
            List<String> p = problems("{\"name\": \"t\", \"currency\": \"GBP\", \"zone\": \"Mars/Olympus\","
                    + "\"selection\": {\"strategy\": \"random\"}, \"rules\": ["
                    + "{\"id\": \"a\", \"offer\": {\"type\": \"percent-off\", \"percent\": 150}},"
                    + "{\"id\": \"a\", \"offer\": {\"type\": \"points-for-gift\", \"points\": 500, \"sku\": \"X\", \"cost\": \"2 GBP\"}},"
                    + "{\"id\": \"c\", \"when\": {\"validity\": {\"from\": \"2024-02-01T00:00\", \"until\": \"2024-01-01T00:00\"}}, \"offer\": {\"type\": \"free-shipping\"}},"
                    + "{\"id\": \"d\", \"when\": {\"pAlive\": {\"min\": \"1.5\"}}, \"offer\": {\"type\": \"spend-and-save\", \"tiers\": [{\"spend\": \"10 GBP\", \"save\": \"12 GBP\"}]}},"
                    + "{\"id\": \"a\", \"offer\": {\"type\": \"free-shipping\"}}]}");
            assertProblem(p, "$.zone: expected a time zone id");
            assertProblem(p, "$.selection.strategy: expected \"best-for-customer\" or \"cheapest-expected-to-work\", found \"random\"");
            assertProblem(p, "$.rules[0].offer.percent: expected a percentage above 0, at most 100");
            assertProblem(p, "$.rules[4].id: expected an id not used before, found \"a\", already at $.rules[1]");
            assertProblem(p, "$.rules[1].when.points: expected a condition points.min >= 500");
            assertProblem(p, "$.rules[2].when.validity.zone: expected \"customer\", \"campaign\" or a time zone id");
            assertProblem(p, "$.rules[3].when.pAlive.min: expected a share 0..1, found 1.5");
            assertProblem(p, "$.rules[3].offer.tiers[0]: expected a saving above zero and below the spend");
        }

        @Test
        void malformedJsonGivesLineAndColumn() {
            assertProblem(problems("{\"name\": \"t\",, }"), "$ (line 1, column 14)");
        }
    }

    @Nested
    class BuiltInJava {
        @Test
        void javaBuiltSetsAreValidatedWithTheSamePaths() {
            RuleSet.Builder b = RuleSet.newBuilder("java", Money.currency("GBP"), SEED4)
                    .rule(IncentiveRule.of("a", List.of(RuleCondition.OneOf.segment("vip")), new Offer.FreeShipping()))
                    .rule(IncentiveRule.of("b", List.of(), new Offer.AmountOff(Money.of("3", "EUR"))));
            ConfigException e = assertThrows(ConfigException.class, b::build);
            List<String> p = e.problems().stream().map(ConfigProblem::message).collect(Collectors.toList());
            assertProblem(p, "$.rules[0].when.segment: expected segments of the scheme");
            assertProblem(p, "$.rules[1].offer: expected an amount in the rule set's currency GBP, found 3.00 EUR");
        }

        @Test
        void recordsRejectSubMinorUnitAmountsNamingTheAmount() {
            Money fine = Money.of("5.00", "GBP");
            IllegalArgumentException tier = assertThrows(IllegalArgumentException.class,
                    () -> new Offer.SpendAndSave.Tier(Money.of("20", "GBP"), Money.of("1.005", "GBP")));
            assertTrue(tier.getMessage().contains("1.005 GBP"), tier.getMessage());
            IllegalArgumentException ship = assertThrows(IllegalArgumentException.class,
                    () -> new Valuation(Money.of("0.01", "GBP"), Money.of("3.999", "GBP")));
            assertTrue(ship.getMessage().contains("3.999 GBP"), ship.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Offer.AmountOff(Money.of("5.001", "GBP")));
            assertThrows(IllegalArgumentException.class, () -> new Offer.GiftWithPurchase("G1", 3, Money.of("2.505", "GBP")));
            assertThrows(IllegalArgumentException.class, () -> new Offer.PointsForGift(10, "G1", Money.of("0.001", "GBP")));
            assertThrows(IllegalArgumentException.class, () -> new Offer.MemberBenefits(Optional.of("gold"), Set.of(), Money.of("1.111", "GBP")));
            assertThrows(IllegalArgumentException.class, () -> new Offer.ServiceFlag(Set.of(Offer.Service.ENGRAVING), Money.of("1.111", "GBP")));
            new Offer.AmountOff(fine);
            new Valuation(Money.of("0.005", "GBP"), fine);
        }

        @Test
        void recordsRejectBadValuesAtOnce() {
            assertThrows(IllegalArgumentException.class, () -> new Offer.PercentOff(BigDecimal.ZERO));
            assertThrows(IllegalArgumentException.class, () -> new Offer.AmountOff(Money.of("-1", "GBP")));
            assertThrows(IllegalArgumentException.class, () -> RuleCondition.Range.between(Fact.R, "3", "2"));
            assertThrows(IllegalArgumentException.class, () -> IncentiveRule.of("Bad Id", List.of(), new Offer.FreeShipping()));
        }
    }
}
